using BackupHealth.Collector.Alerts.Handling;
using BackupHealth.Collector.Audit;
using BackupHealth.Collector.Coverage;
using BackupHealth.Collector.Store;
using BackupHealth.Collector.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BackupHealth.Collector.Web.Pages.Coverage;

/// <summary>Which VMs of the inventory a backup protects, grouped customer → site → hypervisor, problems first.
/// Everyone reads (within their customers); admins exclude VMs and map jobs to them, through the same
/// <see cref="CoverageCommands"/> as the JSON API.</summary>
internal sealed class CoverageModel(CoverageQueries queries, CoverageCommands commands, ICollectorReads store, IAuditLog audit) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Site { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [TempData]
    public string? Status { get; set; }

    public string? Problem { get; private set; }

    public bool CanChange { get; private set; }

    public IReadOnlyList<CoverageCustomerGroup> Groups { get; private set; } = [];

    /// <summary>VMs per state, problems first, among those the filters other than the state select.</summary>
    public IReadOnlyList<(string State, int Count)> Counts { get; private set; } = [];

    public IReadOnlyList<string> Customers { get; private set; } = [];

    public IReadOnlyList<string> Sites { get; private set; } = [];

    /// <summary>The filters as query values, so forms and links keep them.</summary>
    public IDictionary<string, string> Filters { get; private set; } = new Dictionary<string, string>();

    private ILookup<(string Customer, string Site), JobRecord> _jobs = Array.Empty<JobRecord>().ToLookup(j => (j.Customer, j.Site));

    public async Task OnGetAsync() => await LoadAsync();

    /// <summary>The jobs an admin may map to <paramref name="vm"/>: those of its site not already mapped to it.</summary>
    public IEnumerable<JobRecord> MappableJobs(CoverageVmDto vm)
    {
        ArgumentNullException.ThrowIfNull(vm);
        var mapped = vm.ProtectedBy.Where(p => p.MatchedBy == "mapping").Select(p => p.JobId).ToHashSet();
        return _jobs[(vm.Customer, vm.Site)].Where(j => !mapped.Contains(j.Id));
    }

    public Task<IActionResult> OnPostExcludeAsync(string? vmCustomer, string? vmSite, string? itemId, string? reason) =>
        ChangeAsync(vmCustomer, vmSite, itemId, async (key, by) =>
        {
            var text = RequestText.Clean(reason) ?? "";
            if (text.Length == 0 || text.Length > RequestText.MaxCommentLength)
            {
                return await ShowProblemAsync(text.Length == 0
                    ? "An exclusion needs a reason: why is this VM not backed up?"
                    : $"The reason has at most {RequestText.MaxCommentLength} characters.");
            }

            var (result, _) = await commands.SetExclusionAsync(key, text, by);
            await audit.RecordAsync(HttpContext, result, AuditActions.CoverageExcluded, key, text);
            return await OutcomeAsync(result, $"{key.Customer} / {key.Site}: VM excluded from coverage.");
        });

    public Task<IActionResult> OnPostIncludeAsync(string? vmCustomer, string? vmSite, string? itemId) =>
        ChangeAsync(vmCustomer, vmSite, itemId, async (key, _) =>
            await OutcomeAsync(await audit.RecordAsync(HttpContext, await commands.RemoveExclusionAsync(key), AuditActions.CoverageIncluded, key), $"{key.Customer} / {key.Site}: exclusion removed."));

    public Task<IActionResult> OnPostMapAsync(string? vmCustomer, string? vmSite, string? itemId, long? jobId) =>
        ChangeAsync(vmCustomer, vmSite, itemId, async (key, by) =>
        {
            if (jobId is not > 0)
            {
                return await ShowProblemAsync("Pick the job that backs up this VM.");
            }

            var (result, mapping) = await commands.SetMappingAsync(key, jobId.Value, by);
            await audit.RecordAsync(HttpContext, result, AuditActions.CoverageMapped, key, CoverageAudit.Job(jobId.Value));
            return await OutcomeAsync(result, $"{key.Customer} / {key.Site}: mapped to {mapping?.JobName}.");
        });

    public Task<IActionResult> OnPostUnmapAsync(string? vmCustomer, string? vmSite, string? itemId, long? jobId) =>
        ChangeAsync(vmCustomer, vmSite, itemId, async (key, _) => jobId is > 0
            ? await OutcomeAsync(await audit.RecordAsync(HttpContext, await commands.RemoveMappingAsync(key, jobId.Value), AuditActions.CoverageUnmapped,
                key, CoverageAudit.Job(jobId.Value)), $"{key.Customer} / {key.Site}: mapping removed.")
            : NotFound());

    /// <summary>Runs <paramref name="change"/> on the VM a form names, when the user may change it: admins only, and
    /// another customer's VM does not exist for a user limited to some customers.</summary>
    private async Task<IActionResult> ChangeAsync(string? customer, string? site, string? itemId, Func<CoverageKey, string, Task<IActionResult>> change)
    {
        var access = UserAccess.Of(User)!;
        if (!access.IsAdmin)
        {
            return Forbid();
        }

        if (CoverageKey.From(customer, site, itemId, out var error) is not { } key)
        {
            return await ShowProblemAsync(error);
        }

        return access.MaySee(key.Customer) ? await change(key, access.Username) : NotFound();
    }

    private async Task<IActionResult> OutcomeAsync(CommandResult result, string done)
    {
        switch (result.Status)
        {
            case CommandStatus.Done:
                Status = done;
                return RedirectToPage(new { customer = Customer, site = Site, state = State, q = Q });
            case CommandStatus.NotFound:
                return await ShowProblemAsync("Nothing to remove: it was already gone.");
            default:
                return await ShowProblemAsync(result.Reason);
        }
    }

    private async Task<IActionResult> ShowProblemAsync(string problem)
    {
        Problem = problem;
        await LoadAsync();
        return Page();
    }

    private async Task LoadAsync()
    {
        var access = UserAccess.Of(User)!;
        var cancel = HttpContext.RequestAborted;
        Customer = RequestText.Clean(Customer);
        Site = RequestText.Clean(Site);
        State = CoverageStateNames.All.Contains(RequestText.Clean(State) ?? "") ? State!.Trim() : null;
        Q = RequestText.Clean(Q);
        Filters = new Dictionary<string, string?> { ["customer"] = Customer, ["site"] = Site, ["state"] = State, ["q"] = Q }
            .Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value!);
        CanChange = access.IsAdmin;

        var sites = (await store.GetSitesAsync(cancel)).Where(s => access.MaySee(s.Customer)).ToList();
        Customers = sites.Select(s => s.Customer).Distinct(StringComparer.Ordinal).ToList();
        Sites = sites.Where(s => Customer is null || s.Customer == Customer).Select(s => s.Site)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.OrdinalIgnoreCase).ToList();

        var visible = (await queries.GetCoverageAsync(Customer, Site, null, cancel))
            .Where(v => access.MaySee(v.Customer) && (Q is null || v.Name.Contains(Q, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Counts = CoverageStateNames.All.Select(s => (State: s, Count: visible.Count(v => v.Covered == s)))
            .OrderBy(c => CoverageCustomerGroup.Rank(c.State)).ToList();
        var hosts = (await store.GetAgentsAsync(cancel)).ToDictionary(a => (a.Customer, a.Site, a.AgentKey), a => a.HostName);
        Groups = CoverageCustomerGroup.Of(visible.Where(v => State is null || v.Covered == State),
            (customer, site, agent) => hosts.GetValueOrDefault((customer, site, agent)));
        if (CanChange)
        {
            _jobs = (await store.GetJobsAsync(Customer, Site, cancel)).ToLookup(j => (j.Customer, j.Site));
        }
    }
}
