#!/usr/bin/env pwsh
<#
.SYNOPSIS
  BackupHealth build script: build, test, run, publish, bench.

.DESCRIPTION
  dotnet tool restore && dotnet pwsh ./build.ps1 run    everything up on the embedded store, with a sample site
  dotnet tool restore && dotnet pwsh ./build.ps1 test   every test, with a closing "N passed, N failed" line
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [string] $Verb = 'help',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # run: ports of the collector's web page/API and of its gRPC endpoint for agents.
    [int] $WebPort = 5080,
    [int] $GrpcPort = 5180,
    # test: only test projects whose name matches this wildcard, e.g. '*Agent*'.
    [string] $Filter = '*',
    # test: how many test projects run at the same time.
    [ValidateRange(1, 16)]
    [int] $TestParallel = 2,
    # publish: runtime identifiers to publish for.
    [string[]] $Runtime = @('linux-x64', 'win-x64'),
    [Alias('h')]
    [switch] $Help,
    # bench: arguments passed to the benchmark program.
    [Parameter(ValueFromRemainingArguments = $true)]
    [string[]] $Rest = @()
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$Root = $PSScriptRoot
$Solution = Join-Path $Root 'BackupHealth.sln'
$Artifacts = Join-Path $Root 'artifacts'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

function Show-Help {
    @'
Usage: dotnet pwsh ./build.ps1 <verb> [options]

Verbs:
  build     Build the whole solution (warnings are errors).
  test      Install/start what the tests need, build, run every test project, print "N passed, N failed".
            -Filter '*Agent*' runs only matching test projects; -TestParallel 2 of them run at once.
  run       Start the collector on the embedded SQLite store and one agent watching a generated sample site;
            prints the dashboard URL, the admin's password and an API token; Ctrl-C stops both.
            -WebPort (5080) -GrpcPort (5180) move it when another program uses those ports.
  publish   Publish the agent (NativeAOT, one executable) and the collector (self-contained) for -Runtime
            linux-x64,win-x64 into artifacts/publish/<app>-<rid>, each with a .sha256 checksum file. NativeAOT
            does not cross-compile: the win-x64 agent is built on Windows, the linux-x64 agent on Linux.
  bench     Run the benchmark project (figures go to docs/benchmarks.md by hand).
  mutate    Stryker.NET mutation runs, one room at a time (concurrency 1), reports in artifacts/mutation/<room>;
            name rooms to run only those: outbox transport ingest store-writer rules xva (docs/testing.md).
  help, -h  This text.

Common options: -Configuration Release|Debug (default Release).
'@ | Write-Host
}

function Invoke-Step([string] $What, [scriptblock] $Action) {
    Write-Host "==> $What" -ForegroundColor Cyan
    & $Action
    if ($LASTEXITCODE -ne 0) {
        throw "FAILED: $What (exit code $LASTEXITCODE)"
    }
}

function Invoke-Build {
    Invoke-Step "dotnet build $Configuration" { dotnet build $Solution -c $Configuration -nologo -v:minimal }
}

# What the tests need beyond .NET: real third-party programs the tests run (never stubs). Each is a Debian package,
# installed when its command is missing; where that cannot be done the step stops and says what to install.
$TestPrerequisites = [ordered]@{
    # command   = Debian package
    'xxhsum'    = 'xxhash'      # the XVA verification benchmark's hashing limit, and XXH64 cross-checks
    'xva-img'   = 'xva-img'     # a third-party XVA writer whose archives the XVA probe must verify
    'restic'    = 'restic'      # real repositories the restic probe lists and checks
    'borg'      = 'borgbackup'  # real repositories the borg probe lists and checks
    'chromium'  = 'chromium'    # the browser the dashboard's Playwright tests drive (Playwright downloads none)
    'systemd-analyze' = 'systemd'  # `verify` checks the unit file `install` writes
    'clang'     = 'clang'       # NativeAOT's compiler driver and linker: the test step publishes the AOT agent it starts
    'promtool'  = 'prometheus'  # the documented alert rules are checked and unit-tested by promtool; prometheus scrapes a test collector
    'tinyproxy' = 'tinyproxy'   # a real HTTP CONNECT proxy that agents reach the collector through
}

function Install-TestPrerequisites {
    $missing = @($TestPrerequisites.Keys | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) })
    if ($missing.Count -eq 0) { return }
    $packages = @($missing | ForEach-Object { $TestPrerequisites[$_] } | Select-Object -Unique)
    $aptGet = Get-Command apt-get -CommandType Application -ErrorAction SilentlyContinue
    if (-not $aptGet) {
        throw "Missing test prerequisites: $($missing -join ', '). Install the packages $($packages -join ', ') (Debian names) and run again."
    }
    $sudo = @()
    if ((& id -u) -ne '0') {
        if (-not (Get-Command sudo -CommandType Application -ErrorAction SilentlyContinue)) {
            throw "Missing test prerequisites: $($missing -join ', '). Run as root or install: apt-get install $($packages -join ' ')"
        }
        $sudo = @('sudo', '-n')
    }
    Write-Host "==> installing test prerequisites: $($packages -join ', ')" -ForegroundColor Cyan
    $env:DEBIAN_FRONTEND = 'noninteractive'
    $apt = @($sudo + 'apt-get')
    & $apt[0] @($apt | Select-Object -Skip 1) update -qq | Out-Null
    & $apt[0] @($apt | Select-Object -Skip 1) install -y -qq --no-install-recommends @packages | Out-Host
    $still = @($missing | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) })
    if ($still.Count -gt 0) {
        throw "Could not install test prerequisites: $($still -join ', ') (apt-get install $($packages -join ' ') failed)"
    }
}

# Started first when projects run side by side, so that the longest does not start last (order by their times on
# 2 cores, 2026-12-07: collector 286 s, browser 224 s, agent 130 s, integration 75 s).
$LongestTestProjectsFirst = @('BackupHealth.Collector.Tests', 'BackupHealth.BrowserTests', 'BackupHealth.Agent.Tests', 'BackupHealth.IntegrationTests')

function Get-TestProjects {
    Get-ChildItem (Join-Path $Root 'tests') -Recurse -Filter '*.csproj' |
        Where-Object { (Select-String -Path $_.FullName -Pattern '<IsTestProject>true</IsTestProject>' -Quiet) } |
        Where-Object { $_.BaseName -like $Filter } |
        Sort-Object Name
}

function Invoke-Tests {
    Install-TestPrerequisites
    Invoke-Build
    if (@(Get-TestProjects | Where-Object BaseName -eq 'BackupHealth.IntegrationTests').Count -gt 0) {
        # The agent as it ships, for the integration tests (AotAgentTests) to start: NativeAOT for this machine's OS,
        # trim/AOT warnings failing the publish. The tests find it through this variable and fail if it is missing.
        $rid = Get-HostRuntime
        $dest = Join-Path $Artifacts "publish/backuphealth-agent-$rid"
        Publish-AotAgent $rid $dest
        $env:BACKUPHEALTH_AOT_AGENT = Get-AppExecutable $dest 'backuphealth-agent'
    }
    $results = Join-Path $Artifacts 'test-results'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    New-Item -ItemType Directory -Force $results | Out-Null

    # The projects are independent (each starts its own collectors, agents and browsers on ports it picks), so they run
    # side by side, $TestParallel at a time, longest first; each one's console output goes to its own log, printed
    # whole when that project ends so lines of different projects do not interleave.
    $rank = { $i = [array]::IndexOf($LongestTestProjectsFirst, $_.BaseName); if ($i -lt 0) { [int]::MaxValue } else { $i } }
    $projects = @(Get-TestProjects | Sort-Object $rank, Name)
    $outcomes = $projects | ForEach-Object -ThrottleLimit $TestParallel -Parallel {
        $name = $_.BaseName
        $trx = "$name.trx"
        $log = Join-Path $using:results "$name.log"
        $started = [DateTime]::UtcNow
        Write-Host "==> test $name (started)" -ForegroundColor Cyan
        & dotnet test $_.FullName -c $using:Configuration --no-build --nologo `
            --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal' --results-directory $using:results *> $log
        $exit = $LASTEXITCODE
        $seconds = [int]([DateTime]::UtcNow - $started).TotalSeconds
        Write-Host "==> test $name (exit code $exit, $seconds s)" -ForegroundColor Cyan
        Get-Content $log | Out-Host
        [pscustomobject]@{ Name = $name; Exit = $exit; Trx = (Join-Path $using:results $trx); Seconds = $seconds }
    }

    $passed = 0; $failed = 0; $skipped = 0; $broken = @()
    foreach ($outcome in $outcomes) {
        $name = $outcome.Name
        $exit = $outcome.Exit
        $trxPath = $outcome.Trx
        if (-not (Test-Path $trxPath)) {
            $broken += "$name (no results, exit code $exit)"
            continue
        }
        $counters = ([xml](Get-Content $trxPath -Raw)).TestRun.ResultSummary.Counters
        $passed += [int]$counters.passed
        $failed += [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
        $skipped += [int]$counters.notExecuted
        if ($exit -ne 0 -and [int]$counters.failed -eq 0) {
            $broken += "$name (exit code $exit)"
        }
    }
    foreach ($outcome in $outcomes) { Write-Host ("{0,6} s  {1}" -f $outcome.Seconds, $outcome.Name) }
    foreach ($b in $broken) { Write-Host "test run broken: $b" -ForegroundColor Red }
    if ($broken.Count -gt 0) { $failed += $broken.Count }
    if ($skipped -gt 0) {
        Write-Host "$passed passed, $failed failed, $skipped skipped"
    }
    else {
        Write-Host "$passed passed, $failed failed"
    }
    if ($failed -gt 0) { exit 1 }
    if ($passed -eq 0) { Write-Host 'no test ran' -ForegroundColor Red; exit 1 }
}

function Get-DllPath([string] $Project, [string] $Assembly) {
    Join-Path $Root "$Project/bin/$Configuration/net10.0/$Assembly.dll"
}

function New-SampleSite([string] $Folder) {
    # A customer site whose backup tools write files to a share: some healthy jobs, one stale, one failed.
    if (Test-Path $Folder) { Remove-Item $Folder -Recurse -Force }
    $now = [DateTime]::UtcNow
    $jobs = @(
        @{ Name = 'sql01-nightly'; Pattern = '*.bak'; Ext = 'bak'; Days = 0..6; Size = 3MB },
        @{ Name = 'fileserver-veeam'; Pattern = '**/*.vbk'; Ext = 'vbk'; Days = 0..6; Size = 5MB; Sub = 'FS01' },
        @{ Name = 'exchange-archive'; Pattern = '*.tar.zst'; Ext = 'tar.zst'; Days = 4..10; Size = 4MB },
        @{ Name = 'erp-db'; Pattern = '*.dump'; Ext = 'dump'; Days = 0..6; Size = 1MB; EmptyNewest = $true }
    )
    foreach ($job in $jobs) {
        $dir = Join-Path $Folder $job.Name
        if ($job.ContainsKey('Sub')) { $dir = Join-Path $dir $job.Sub }
        New-Item -ItemType Directory -Force $dir | Out-Null
        foreach ($d in $job.Days) {
            $when = $now.Date.AddDays(-$d).AddHours(2).AddMinutes(7 * $d)
            if ($when -gt $now) { $when = $now.AddMinutes(-30) }
            $file = Join-Path $dir ("{0}-{1:yyyy-MM-dd}.{2}" -f $job.Name, $when, $job.Ext)
            $size = if ($job.ContainsKey('EmptyNewest') -and $d -eq $job.Days[0]) { 0 } else { $job.Size + $d * 4096 }
            $stream = [IO.File]::Create($file)
            try { $stream.SetLength($size) } finally { $stream.Dispose() }
            [IO.File]::SetLastWriteTimeUtc($file, $when)
        }
    }
    # XenServer exports the xva probe verifies end to end: web01's are sound, db01's newest has a flipped byte.
    $xva = Join-Path $Folder 'xen-exports'
    foreach ($d in 0..2) {
        $when = $now.Date.AddDays(-$d).AddHours(1)
        if ($when -gt $now) { $when = $now.AddMinutes(-40) }
        foreach ($vm in 'web01', 'db01') {
            $file = Join-Path $xva $vm ("{0}-{1:yyyy-MM-dd}.xva" -f $vm, $when)
            New-SampleXva $file $vm -Chunks 3 -Seed ($d + $vm.Length) -Corrupt:($vm -eq 'db01' -and $d -eq 0)
            [IO.File]::SetLastWriteTimeUtc($file, $when)
        }
    }
    # The XenServer host's guests as the demo's command probe reports them (coverage): web01 and db01 are backed up by
    # their exports (same uuids as in their ova.xml), mail01 by nothing, so vm_not_protected shows.
    [ordered]@{
        hypervisor = 'xenserver'
        vms        = @('web01', 'db01', 'mail01' | ForEach-Object { [ordered]@{ id = (Get-SampleVmUuid $_); name = $_; powerState = 'running' } })
    } | ConvertTo-Json -Depth 4 | Set-Content (Join-Path $Folder 'xen-inventory.json') -Encoding utf8NoBOM
    return $jobs
}

function Get-SampleVmUuid([string] $VmName) {
    [guid]::new([Security.Cryptography.MD5]::HashData([Text.Encoding]::UTF8.GetBytes($VmName))).ToString()
}

function New-SampleXva([string] $Path, [string] $VmName, [int] $Chunks, [int] $Seed, [switch] $Corrupt) {
    # What `xe vm-export` writes (SOURCES.md): ova.xml first, then 1 MiB chunks Ref:<n>/%08d, each followed by its
    # SHA-1 `.checksum` member (the older exporters' form; XXH64 needs a library PowerShell does not have).
    New-Item -ItemType Directory -Force (Split-Path $Path) | Out-Null
    $chunkSize = 1MB
    $uuid = Get-SampleVmUuid $VmName
    function Member([string] $Name, [string] $Value) { "<member><name>$Name</name><value>$Value</value></member>" }
    function Object([string] $Class, [string] $Id, [string] $Fields) {
        "<value><struct>$(Member 'class' $Class)$(Member 'id' $Id)$(Member 'snapshot' "<struct>$Fields</struct>")</struct></value>"
    }
    $vm = Object 'VM' 'Ref:0' ((Member 'name_label' $VmName) + (Member 'uuid' $uuid) + (Member 'is_a_snapshot' 'False'))
    $vdi = Object 'VDI' 'Ref:3' ((Member 'name_label' "$VmName disk 0") + (Member 'virtual_size' ($Chunks * $chunkSize)))
    $ova = "<value><struct>$(Member 'version' "<struct>$(Member 'hostname' 'xcp-demo')$(Member 'export_vsn' '2')</struct>")" +
        "$(Member 'objects' "<array><data>$vm$vdi</data></array>")</struct></value>"
    $random = [Random]::new($Seed)
    $file = [IO.File]::Create($Path)
    $tar = [Formats.Tar.TarWriter]::new($file, [Formats.Tar.TarEntryFormat]::Ustar, $false)
    try {
        $add = {
            param([string] $Name, [byte[]] $Bytes)
            $entry = [Formats.Tar.UstarTarEntry]::new([Formats.Tar.TarEntryType]::RegularFile, $Name)
            $entry.DataStream = [IO.MemoryStream]::new($Bytes)
            $tar.WriteEntry($entry)
        }
        & $add 'ova.xml' ([Text.Encoding]::UTF8.GetBytes($ova))
        foreach ($n in 0..($Chunks - 1)) {
            $data = [byte[]]::new($chunkSize)
            $random.NextBytes($data)
            $sum = [Convert]::ToHexString([Security.Cryptography.SHA1]::HashData($data)).ToLowerInvariant()
            if ($Corrupt -and $n -eq 1) { $data[4242] = $data[4242] -bxor 1 }
            $name = 'Ref:3/{0:D8}' -f $n
            & $add $name $data
            & $add "$name.checksum" ([Text.Encoding]::ASCII.GetBytes($sum))
        }
    }
    finally {
        $tar.Dispose()
        $file.Dispose()
    }
}

# Fails with one line naming the port and the option that moves it, before minutes of building are spent.
function Assert-PortsFree {
    if ($WebPort -eq $GrpcPort) { throw "-WebPort and -GrpcPort are both $($WebPort): give them different ports" }
    foreach ($port in @(@{ Number = $WebPort; Option = '-WebPort' }, @{ Number = $GrpcPort; Option = '-GrpcPort' })) {
        $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, $port.Number)
        try { $listener.Start() }
        catch { throw "port $($port.Number) on 127.0.0.1 is in use by another program: choose a free one with $($port.Option), e.g. ./build.ps1 run $($port.Option) $($port.Number + 1)" }
        finally { $listener.Stop() }
    }
}

# A value made once and kept in .run/ (the admin's password, the agent's token), so every run reuses it.
function Get-KeptSecret([string] $File, [int] $Bytes) {
    if (-not (Test-Path $File)) {
        [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes($Bytes)).Replace('+', 'x').Replace('/', 'y').TrimEnd('=') |
            Set-Content $File -NoNewline -Encoding utf8NoBOM
    }
    (Get-Content $File -Raw).Trim()
}

function Start-Everything {
    Assert-PortsFree
    # Only what runs: the two apps (the test projects are test's business).
    Write-Host "==> building the collector and the agent ($Configuration). The first build restores packages and compiles every project they use: several minutes on a small machine; each 'name -> file' line is one project done." -ForegroundColor Cyan
    foreach ($app in @('collector/BackupHealth.Collector.Host', 'agent/BackupHealth.Agent')) {
        Invoke-Step "dotnet build $app $Configuration" { dotnet build (Join-Path $Root $app) -c $Configuration -nologo -v:minimal }
    }
    $runDir = Join-Path $Root '.run'
    New-Item -ItemType Directory -Force $runDir | Out-Null
    $site = Join-Path $runDir 'sample-site'
    $jobs = New-SampleSite $site

    $probes = @($jobs | ForEach-Object {
        [ordered]@{
            Type = 'files'; Name = $_.Name; Path = (Join-Path $site $_.Name); Pattern = $_.Pattern
            MinSizeBytes = 65536; MaxAge = '1.02:00:00'; Interval = '00:01:00'
        }
    })
    # One xva probe per VM, so each VM's exports are a job of their own.
    $probes += @('web01', 'db01' | ForEach-Object {
        [ordered]@{
            Type = 'xva'; Name = "xen-export-$_"; JobName = "$_ export"; Path = (Join-Path $site 'xen-exports')
            Pattern = "$_/*.xva"; Interval = '00:01:00'
        }
    })
    # The host's inventory from a local description (the command probe's inventory mode; no shell).
    $inventory = Join-Path $site 'xen-inventory.json'
    $probes += [ordered]@{
        Type = 'command'; Name = 'xen-inventory'; Output = 'inventory'; Interval = '00:01:00'
        Executable = $(if ($IsWindows) { 'cmd' } else { 'cat' })
        # [string[]]: a one-element array must stay a JSON array (Arguments is a list).
        Arguments = [string[]]@(if ($IsWindows) { '/c', 'type', $inventory } else { $inventory })
    }
    $agentConfig = Join-Path $runDir 'agent.json'
    [ordered]@{
        Agent  = [ordered]@{
            # Where the collector is, which CA to trust and who the agent is come from its enrolment (below), as on a
            # customer's host: identity/ in the agent's data folder.
            Id = 'sample-host-01'; DataPath = (Join-Path $runDir 'agent-data')
        }
        Probes = $probes
    } | ConvertTo-Json -Depth 5 | Set-Content $agentConfig -Encoding utf8

    # The first admin of this local collector: a random password kept beside its data, made once (the collector
    # creates the admin from it only while the database has no user).
    $adminPasswordFile = Join-Path $runDir 'admin-password'
    $adminPassword = Get-KeptSecret $adminPasswordFile 15

    # The collector's settings in a file, so the user commands (create-api-token, add-user, ...) find the same
    # database with --config .run/collector.json.
    $collectorConfig = Join-Path $runDir 'collector.json'
    [ordered]@{
        Collector = [ordered]@{
            DataPath = (Join-Path $runDir 'collector-data')
            # TLS as in production: with no certificate configured, the collector makes its own CA in DataPath/tls.
            GrpcUrl  = "https://127.0.0.1:$GrpcPort"
            WebUrl   = "https://127.0.0.1:$WebPort"
            Auth     = [ordered]@{ InitialAdmin = [ordered]@{ Username = 'admin'; PasswordFile = $adminPasswordFile } }
            # No site tokens: the demo agent enrols for its own certificate, as production agents do (docs/security.md).
            Sites    = @([ordered]@{ Customer = 'Demo Customer'; Site = 'Head office' })
            # The demo's VMs are new at its first start: judge them after a minute, not the hour a new VM gets.
            Alerts   = [ordered]@{ Rules = [ordered]@{ VmNotProtected = [ordered]@{ NewVmGrace = '00:01:00' } } }
        }
        Logging   = [ordered]@{ LogLevel = [ordered]@{ 'Microsoft.AspNetCore' = 'Warning' } }
    } | ConvertTo-Json -Depth 6 | Set-Content $collectorConfig -Encoding utf8
    $collectorDll = Get-DllPath 'collector/BackupHealth.Collector.Host' 'backuphealth-collector'

    # A new collector database knows no agent: an identity from an earlier demo would be refused, so enrol again.
    $agentIdentity = Join-Path $runDir 'agent-data/identity'
    if (-not (Test-Path (Join-Path $runDir 'collector-data/backuphealth.db')) -and (Test-Path $agentIdentity)) {
        Remove-Item $agentIdentity -Recurse -Force
    }
    $agentDll = Get-DllPath 'agent/BackupHealth.Agent' 'backuphealth-agent'
    $collector = $null; $agent = $null
    try {
        $collector = Start-Process dotnet -ArgumentList @($collectorDll, '--config', $collectorConfig) `
            -WorkingDirectory $runDir -NoNewWindow -PassThru
        $caFile = Join-Path $runDir 'collector-data/tls/ca.crt'
        Wait-CollectorReady $collector $caFile

        $apiToken = Get-ApiToken $collectorDll $collectorConfig (Join-Path $runDir 'api-token') $caFile
        if (-not (Test-Path (Join-Path $agentIdentity 'agent.crt'))) {
            Invoke-AgentEnrolment $apiToken $caFile $agentDll $agentConfig (Join-Path $runDir 'enrolment-token')
        }
        $agent = Start-Process dotnet -ArgumentList @($agentDll, 'run', '--config', $agentConfig) `
            -WorkingDirectory $runDir -NoNewWindow -PassThru
        $pin = Get-CaPin $caFile
        Write-Host ''
        Write-Host "BackupHealth is up: https://127.0.0.1:$WebPort/   (API: /api/v1/jobs, agents connect to :$GrpcPort)" -ForegroundColor Green
        Write-Host "TLS with the collector's own CA .run/collector-data/tls/ca.crt (pin $pin): the browser warns until you import" -ForegroundColor Green
        Write-Host "  that file as a trusted authority, or accept the warning for this local demo (docs/security.md)." -ForegroundColor Green
        Write-Host "Sign in as admin with the password $adminPassword (kept in .run/admin-password)." -ForegroundColor Green
        Write-Host "API token of admin: $apiToken (kept in .run/api-token), e.g. curl --cacert .run/collector-data/tls/ca.crt -H 'Authorization: Bearer $apiToken' https://127.0.0.1:$WebPort/api/v1/jobs" -ForegroundColor Green
        Write-Host "  another: dotnet $([IO.Path]::GetRelativePath($Root, $collectorDll)) create-api-token --config .run/collector.json --username admin --name NAME"
        Write-Host 'Sample site: 2 healthy jobs, exchange-archive stale (newest file 4 days old), erp-db failed (empty newest file),'
        Write-Host '  XenServer exports verified end to end: db01''s newest export fails verification (a flipped byte in chunk 1).'
        Write-Host '  Coverage: the host''s inventory lists web01, db01 and mail01; nothing backs up mail01 (vm_not_protected after a minute).'
        Write-Host 'Press Ctrl-C to stop.'
        while (-not $collector.HasExited -and -not $agent.HasExited) { Start-Sleep -Milliseconds 500 }
        if ($collector.HasExited) { throw "the collector stopped (exit code $($collector.ExitCode))" }
        if ($agent.HasExited) { throw "the agent stopped (exit code $($agent.ExitCode))" }
    }
    finally {
        Stop-Gracefully $agent 'agent'
        Stop-Gracefully $collector 'collector'
    }
}

# An HTTP client that trusts only the CA in $CaFile (the collector's own): no certificate check is switched off.
function New-CollectorClient([string] $CaFile) {
    $handler = [Net.Http.SocketsHttpHandler]::new()
    $policy = [Security.Cryptography.X509Certificates.X509ChainPolicy]::new()
    $policy.TrustMode = [Security.Cryptography.X509Certificates.X509ChainTrustMode]::CustomRootTrust
    $policy.RevocationMode = [Security.Cryptography.X509Certificates.X509RevocationMode]::NoCheck
    $policy.CustomTrustStore.ImportFromPemFile($CaFile)
    $handler.SslOptions.CertificateChainPolicy = $policy
    $client = [Net.Http.HttpClient]::new($handler)
    $client.Timeout = [TimeSpan]::FromSeconds(5)
    $client
}

# The pin agents and enrolment tokens name the CA by: sha256: and the SHA-256 of its public key.
function Get-CaPin([string] $CaFile) {
    $ca = [Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem((Get-Content $CaFile -Raw))
    'sha256:' + [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($ca.PublicKey.ExportSubjectPublicKeyInfo())).ToLowerInvariant()
}

# Ready means OUR collector answers: the process started here is alive and its readiness endpoint says Healthy over
# TLS with a certificate from the CA it made in its data folder (the ports were free before it started).
function Wait-CollectorReady($Process, [string] $CaFile) {
    $url = "https://127.0.0.1:$WebPort/health/ready"
    $deadline = [DateTime]::UtcNow.AddSeconds(120)
    $client = $null
    try {
        while ([DateTime]::UtcNow -lt $deadline) {
            if ($Process.HasExited) { throw "the collector stopped during start (exit code $($Process.ExitCode)); its message is above" }
            if ($null -eq $client -and (Test-Path $CaFile)) { $client = New-CollectorClient $CaFile }
            if ($null -ne $client) {
                try {
                    $response = $client.GetAsync($url).GetAwaiter().GetResult()
                    $body = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
                    if ([int]$response.StatusCode -eq 200 -and $body.Trim() -eq 'Healthy' -and -not $Process.HasExited) { return }
                }
                catch { }
            }
            Start-Sleep -Milliseconds 250
        }
    }
    finally {
        if ($null -ne $client) { $client.Dispose() }
    }
    throw "the collector did not report ready at $url within 120 s"
}

# Enrols the demo agent as a technician would: an enrolment token from the API, then `backuphealth-agent enroll`, which
# checks the collector's CA against the token's pin, makes the agent's key and stores its certificate.
function Invoke-AgentEnrolment([string] $ApiToken, [string] $CaFile, [string] $AgentDll, [string] $AgentConfig, [string] $TokenFile) {
    $client = New-CollectorClient $CaFile
    try {
        $client.DefaultRequestHeaders.Authorization = [Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $ApiToken)
        $body = [Net.Http.StringContent]::new(
            (@{ customer = 'Demo Customer'; site = 'Head office'; name = 'build.ps1 run'; maxUses = 1 } | ConvertTo-Json),
            [Text.Encoding]::UTF8, 'application/json')
        $response = $client.PostAsync("https://127.0.0.1:$WebPort/api/v1/enrolment-tokens", $body).GetAwaiter().GetResult()
        $text = $response.Content.ReadAsStringAsync().GetAwaiter().GetResult()
        if (-not $response.IsSuccessStatusCode) { throw "could not make an enrolment token ($([int]$response.StatusCode)): $text" }
    }
    finally { $client.Dispose() }
    Set-Content $TokenFile ($text | ConvertFrom-Json).token -NoNewline -Encoding utf8NoBOM
    Invoke-Step 'enrolling the demo agent (backuphealth-agent enroll --token-file)' { dotnet $AgentDll enroll --token-file $TokenFile --config $AgentConfig }
}

# The admin's API token for the demo: the one kept in .run/api-token while the collector still accepts it, else a
# new one (so runs do not pile up tokens).
function Get-ApiToken([string] $CollectorDll, [string] $CollectorConfig, [string] $File, [string] $CaFile) {
    if (Test-Path $File) {
        $kept = (Get-Content $File -Raw).Trim()
        $client = New-CollectorClient $CaFile
        try {
            $request = [Net.Http.HttpRequestMessage]::new([Net.Http.HttpMethod]::Get, "https://127.0.0.1:$WebPort/api/v1/jobs")
            $request.Headers.Authorization = [Net.Http.Headers.AuthenticationHeaderValue]::new('Bearer', $kept)
            $check = $client.SendAsync($request).GetAwaiter().GetResult()
            if ([int]$check.StatusCode -eq 200) { return $kept }
        }
        finally { $client.Dispose() }
    }
    $made = & dotnet $CollectorDll create-api-token --config $CollectorConfig --username admin --name 'build.ps1 run' 2>$null
    if ($LASTEXITCODE -ne 0) { throw "could not make an API token (dotnet $CollectorDll create-api-token --config $CollectorConfig --username admin --name demo)" }
    $made = "$made".Trim()
    Set-Content $File $made -NoNewline -Encoding utf8NoBOM
    $made
}

function Stop-Gracefully($Process, [string] $Name) {
    if ($null -eq $Process -or $Process.HasExited) { return }
    Write-Host "stopping $Name..."
    if ($IsWindows) {
        Stop-Process -Id $Process.Id
    }
    else {
        & kill -TERM $Process.Id 2>$null
    }
    if (-not $Process.WaitForExit(15000)) {
        Write-Host "$Name did not stop within 15 s; killing it" -ForegroundColor Yellow
        $Process.Kill($true)
    }
}

# linux-x64 / win-x64 / osx-arm64 for the machine this runs on.
function Get-HostRuntime {
    $arch = [Runtime.InteropServices.RuntimeInformation]::OSArchitecture.ToString().ToLowerInvariant()
    $os = if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }
    "$os-$arch"
}

# NativeAOT links with the target OS's own native toolchain, so it cannot cross-compile between OSes: a win-x64
# agent is built on Windows, a linux-x64 agent on Linux.
function Test-CanPublishAot([string] $Rid) {
    (Get-HostRuntime).Split('-')[0] -eq $Rid.Split('-')[0]
}

function Get-AppExecutable([string] $Folder, [string] $Name) {
    $exe = Get-ChildItem $Folder -File | Where-Object { $_.BaseName -eq $Name -and $_.Extension -in @('', '.exe') } | Select-Object -First 1
    if (-not $exe) { throw "no $Name executable in $Folder" }
    $exe.FullName
}

# The agent: one NativeAOT executable (PublishAot in its project), no .NET runtime needed on the host. Warnings are
# errors (TreatWarningsAsErrors reaches the AOT compiler), so any trim/AOT warning fails this step. Native symbols
# (.dbg/.pdb) go beside the publish folder, not into what is shipped.
function Publish-AotAgent([string] $Rid, [string] $Dest) {
    if (Test-Path $Dest) { Remove-Item $Dest -Recurse -Force }
    Invoke-Step "publish backuphealth-agent $Rid (NativeAOT, trim/AOT warnings are errors)" {
        dotnet publish (Join-Path $Root 'agent/BackupHealth.Agent') -c Release -r $Rid -o $Dest -nologo -v:minimal
    }
    $symbols = Join-Path $Artifacts "symbols/backuphealth-agent-$Rid"
    New-Item -ItemType Directory -Force $symbols | Out-Null
    Get-ChildItem $Dest -File | Where-Object Extension -in @('.dbg', '.pdb') | Move-Item -Destination $symbols -Force
}

# The collector: self-contained single file, so the MSP's server needs no .NET runtime either and runs exactly the
# runtime it was tested with; SQLite's native library sits beside it (not extracted to a temp folder at start,
# which a hardened service's private or read-only temp would break).
function Publish-Collector([string] $Rid, [string] $Dest) {
    if (Test-Path $Dest) { Remove-Item $Dest -Recurse -Force }
    Invoke-Step "publish backuphealth-collector $Rid (self-contained single file)" {
        dotnet publish (Join-Path $Root 'collector/BackupHealth.Collector.Host') -c Release -r $Rid --self-contained true `
            -p:PublishSingleFile=true -p:DebugType=none -o $Dest -nologo -v:minimal
    }
}

# <executable>.sha256 lists every shipped file of the folder in sha256sum's format: `sha256sum -c` checks them all.
function Write-Checksums([string] $Folder, [string] $Name) {
    $exe = Get-AppExecutable $Folder $Name
    $lines = Get-ChildItem $Folder -File -Recurse | Where-Object Extension -ne '.sha256' | Sort-Object FullName | ForEach-Object {
        $relative = [IO.Path]::GetRelativePath($Folder, $_.FullName).Replace('\', '/')
        "$((Get-FileHash $_.FullName -Algorithm SHA256).Hash.ToLowerInvariant())  $relative"
    }
    $lines | Set-Content "$exe.sha256" -Encoding ascii
    Write-Host ("  {0}  ({1:N1} MB)  checksums: {0}.sha256" -f $exe, ((Get-Item $exe).Length / 1MB))
}

function Invoke-Publish {
    $out = Join-Path $Artifacts 'publish'
    if (Test-Path $out) { Remove-Item $out -Recurse -Force }
    $skipped = @()
    foreach ($rid in $Runtime) {
        $agent = Join-Path $out "backuphealth-agent-$rid"
        if (Test-CanPublishAot $rid) {
            Publish-AotAgent $rid $agent
            Write-Checksums $agent 'backuphealth-agent'
        }
        else {
            if (Test-Path $agent) { Remove-Item $agent -Recurse -Force }
            $skipped += "backuphealth-agent-$rid"
            Write-Host "==> backuphealth-agent $rid NOT built here: NativeAOT does not cross-compile from $(Get-HostRuntime); build it on a $($rid.Split('-')[0]) runner (build.ps1 publish -Runtime $rid)." -ForegroundColor Yellow
        }
        $collector = Join-Path $out "backuphealth-collector-$rid"
        Publish-Collector $rid $collector
        Write-Checksums $collector 'backuphealth-collector'
    }
    if ($skipped.Count -gt 0) {
        Write-Host "not built on this machine (needs a runner of their OS): $($skipped -join ', ')" -ForegroundColor Yellow
    }
}

function Invoke-Bench {
    Invoke-Step 'benchmarks' { dotnet run -c Release --project (Join-Path $Root 'tests/BackupHealth.Benchmarks') -- @Rest }
}

# The rooms where a silent bug loses data or hides a failure: the code mutated, and the tests run against it.
$MutationRooms = [ordered]@{
    'outbox'       = @{ Tests = 'BackupHealth.Agent.Tests'; Project = 'BackupHealth.Agent.csproj'; Mutate = @('**/Outbox/*.cs')
                        Filter = 'FullyQualifiedName~.Outbox.|FullyQualifiedName~.Transport.' }
    'transport'    = @{ Tests = 'BackupHealth.Agent.Tests'; Project = 'BackupHealth.Agent.csproj'; Mutate = @('**/Transport/*.cs')
                        # The proxy and TLS settings are checked by the configuration tests, and the certificate
                        # connection by the enrolled agent's tests; both outside the Transport folder of the tests.
                        Filter = 'FullyQualifiedName~.Transport.|FullyQualifiedName~.ConfigurationValidationTests.|FullyQualifiedName~.EnrolledAgentTests.' }
    'ingest'       = @{ Tests = 'BackupHealth.Collector.Tests'; Project = 'BackupHealth.Collector.csproj'; Mutate = @('**/Ingest/*.cs')
                        Filter = 'FullyQualifiedName~.Ingest.|FullyQualifiedName~.Limits.' }
    'store-writer' = @{ Tests = 'BackupHealth.Collector.Tests'; Project = 'BackupHealth.Collector.Store.Sqlite.csproj'
                        Mutate = @('**/Writer/StoreWriter.cs', '**/Writer/WeightBudget.cs', '**/Writer/WriteSession.cs', '**/Ingest/ObservationInsert.cs', '**/Ingest/SqliteIngestStore.cs')
                        # Only the store's own tests: the ingest tests start collectors with real streams, and under a
                        # mutant that stops the writer each one waits out its timeouts (a run took over 2 h unfinished).
                        Filter = 'FullyQualifiedName~.Store.' }
    'rules'        = @{ Tests = 'BackupHealth.Collector.Tests'; Project = 'BackupHealth.Collector.csproj'
                        Mutate = @('**/Rules/*Rule.cs', '**/Rules/Median.cs', '**/Health/JobRuns.cs', '**/Expectations/Expectation.cs', '**/Expectations/ExpectationLearner.cs',
                                   '**/Expectations/ExpectationResolver.cs', '**/Expectations/CompletedRuns.cs', '**/Expectations/RunDays.cs',
                                   '**/Expectations/Schedule.cs', '**/Expectations/ScheduleParser.cs')
                        Filter = 'FullyQualifiedName~.Rules.|FullyQualifiedName~.Expectations.' }
    'xva'          = @{ Tests = 'BackupHealth.Agent.Tests'; Project = 'BackupHealth.Agent.csproj'; Mutate = @('**/Probes/Xva/*.cs', '!**/Probes/Xva/XvaProbeOptions*.cs')
                        Filter = 'FullyQualifiedName~.Xva.|FullyQualifiedName~.Verify.' }
}

# A report, not a gate: the score of each room goes to docs/testing.md by hand. CPU-heavy, so one mutant at a time.
function Invoke-Mutate {
    $rooms = if ($Rest.Count -gt 0) { $Rest } else { @($MutationRooms.Keys) }
    foreach ($name in $rooms) {
        if (-not $MutationRooms.Contains($name)) {
            throw "unknown room '$name'; rooms: $($MutationRooms.Keys -join ', ')"
        }
        $room = $MutationRooms[$name]
        $arguments = @('--project', $room.Project, '--test-case-filter', $room.Filter, '--concurrency', '1',
            '--reporter', 'Progress', '--reporter', 'Html', '--reporter', 'Json', '--reporter', 'ClearText',
            '--output', (Join-Path $Artifacts "mutation/$name"), '--skip-version-check')
        foreach ($glob in $room.Mutate) { $arguments += @('--mutate', $glob) }
        Push-Location (Join-Path $Root "tests/$($room.Tests)")
        try {
            Invoke-Step "mutate $name" { dotnet dotnet-stryker @arguments }
        }
        finally {
            Pop-Location
        }
    }
}

if ($Help -or $Verb -in @('help', '-h', '--help')) { Show-Help; exit 0 }
try {
    switch ($Verb) {
        'build' { Invoke-Build }
        'test' { Invoke-Tests }
        'run' { Start-Everything }
        'publish' { Invoke-Publish }
        'bench' { Invoke-Bench }
        'mutate' { Invoke-Mutate }
        default { Show-Help; throw "unknown verb '$Verb'" }
    }
}
catch {
    Write-Host "build.ps1 $Verb failed: $($_.Exception.Message)" -ForegroundColor Red
    exit 1
}
