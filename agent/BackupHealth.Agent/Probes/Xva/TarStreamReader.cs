using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace BackupHealth.Agent.Probes.Xva;

/// <summary>Reads a tar archive front to back from a stream that need not seek. Written here rather than using
/// System.Formats.Tar's TarReader because verification needs what TarReader hides: it treats a stream that simply
/// stops at a member boundary the same as the end-of-archive marker (a truncated export would pass), and it reads
/// member data through its own sub-stream instead of straight into the caller's buffer.</summary>
internal sealed class TarStreamReader(Stream stream)
{
    public const int BlockSize = 512;

    /// <summary>GNU long names and pax records of an XVA are short; anything bigger is not an XVA.</summary>
    private const int MaxExtendedHeaderSize = 64 * 1024;

    private readonly byte[] _block = new byte[BlockSize];
    private long _remaining;
    private int _padding;

    /// <summary>The member whose data is being read, or the last one read; null before the first.</summary>
    public TarMember? Current { get; private set; }

    /// <summary>Bytes of the (decompressed) tar stream consumed so far.</summary>
    public long Position { get; private set; }

    /// <summary>Data of <see cref="Current"/> not yet read.</summary>
    public long Remaining => _remaining;

    /// <returns>The next member, or null at a complete end-of-archive marker.</returns>
    /// <exception cref="XvaInvalidException">Truncated or corrupt.</exception>
    public TarMember? Next()
    {
        SkipRest();
        string? longName = null;
        long? paxSize = null;
        while (true)
        {
            if (!ReadBlock())
            {
                throw XvaInvalidException.Truncated(Current is { } last
                    ? $"the archive ends after member {last.Name} without the end-of-archive marker"
                    : "the archive is empty");
            }

            if (_block.AsSpan().IndexOfAnyExcept((byte)0) < 0)
            {
                return ReadEndMarker();
            }

            VerifyChecksum();
            var size = ParseNumber(_block.AsSpan(124, 12), "size");
            var type = _block[156];
            if (type is (byte)'L' or (byte)'x')
            {
                var extended = ReadExtendedHeader(size);
                if (type == 'L')
                {
                    longName = Encoding.UTF8.GetString(extended).TrimEnd('\0');
                }
                else
                {
                    (longName, paxSize) = ParsePax(extended, longName, paxSize);
                }

                continue;
            }

            if (type == 'g')
            {
                ReadExtendedHeader(size);
                continue;
            }

            var member = new TarMember(longName ?? HeaderName(), paxSize ?? size, type is (byte)'0' or 0 or (byte)'7');
            Current = member;
            _remaining = member.Size;
            _padding = Padding(member.Size);
            return member;
        }
    }

    /// <summary>Reads data of the current member into <paramref name="destination"/> until it is full or the
    /// member ends.</summary>
    /// <returns>Bytes read; less than the destination only at the end of the member.</returns>
    public int Read(Span<byte> destination)
    {
        var wanted = (int)Math.Min(destination.Length, _remaining);
        var read = 0;
        while (read < wanted)
        {
            var n = stream.Read(destination[read..wanted]);
            if (n == 0)
            {
                var member = Current!.Value;
                throw XvaInvalidException.Truncated(
                    $"the archive ends inside member {member.Name} ({member.Size - _remaining + read} of {member.Size} bytes)");
            }

            read += n;
        }

        _remaining -= read;
        Position += read;
        return read;
    }

    /// <summary>After the end-of-archive marker: whatever follows must be zeros (record padding).</summary>
    /// <returns>Bytes of padding read.</returns>
    public long ReadTrailer(Span<byte> scratch)
    {
        long total = 0;
        int n;
        while ((n = stream.Read(scratch)) > 0)
        {
            var data = scratch[..n].IndexOfAnyExcept((byte)0);
            if (data >= 0)
            {
                throw new XvaInvalidException($"data follows the end-of-archive marker at byte {Position + total + data}");
            }

            total += n;
        }

        Position += total;
        return total;
    }

    private void SkipRest()
    {
        Span<byte> scratch = stackalloc byte[BlockSize];
        while (_remaining > 0)
        {
            Read(scratch[..(int)Math.Min(_remaining, BlockSize)]);
        }

        if (_padding > 0)
        {
            if (stream.ReadAtLeast(scratch[.._padding], _padding, throwOnEndOfStream: false) < _padding)
            {
                throw XvaInvalidException.Truncated($"the archive ends inside the padding after member {Current!.Value.Name}");
            }

            Position += _padding;
            _padding = 0;
        }
    }

    /// <returns>False when the stream ended exactly here.</returns>
    private bool ReadBlock()
    {
        var read = stream.ReadAtLeast(_block, BlockSize, throwOnEndOfStream: false);
        Position += read;
        if (read == 0)
        {
            return false;
        }

        if (read < BlockSize)
        {
            throw XvaInvalidException.Truncated(Current is { } last
                ? $"the archive ends inside the header after member {last.Name}"
                : "the archive ends inside its first header");
        }

        return true;
    }

    /// <summary>The marker is two zero blocks. One zero block and then the end of the stream is accepted, as GNU tar
    /// accepts it: nothing of the content is missing.</summary>
    private TarMember? ReadEndMarker()
    {
        if (ReadBlock() && _block.AsSpan().IndexOfAnyExcept((byte)0) >= 0)
        {
            throw new XvaInvalidException($"corrupt tar: a zero block inside the archive at byte {Position - (2 * BlockSize)}");
        }

        return null;
    }

    private void VerifyChecksum()
    {
        var parsed = TryParseOctal(_block.AsSpan(148, 8), out var stored);
        long sum = 0;
        for (var i = 0; i < BlockSize; i++)
        {
            sum += i is >= 148 and < 156 ? (byte)' ' : _block[i];
        }

        if (!parsed || sum != stored)
        {
            throw new XvaInvalidException(Current is { } last
                ? $"corrupt tar header after member {last.Name} at byte {Position - BlockSize} (header checksum {stored}, computed {sum})"
                : "not a tar archive (the first header's checksum does not match)");
        }
    }

    private long ParseNumber(ReadOnlySpan<byte> field, string what)
    {
        if ((field[0] & 0x80) != 0)
        {
            // GNU base-256 for sizes of 8 GiB and more.
            long value = field[0] & 0x7f;
            foreach (var b in field[1..])
            {
                // A shift is never checked for overflow: test before it.
                if (value > long.MaxValue >> 8)
                {
                    throw new XvaInvalidException($"corrupt tar header at byte {Position - BlockSize}: {what} field is out of range");
                }

                value = (value << 8) | b;
            }

            return value;
        }

        return TryParseOctal(field, out var result)
            ? result
            : throw new XvaInvalidException($"corrupt tar header at byte {Position - BlockSize}: {what} field is not octal");
    }

    private static bool TryParseOctal(ReadOnlySpan<byte> field, out long value)
    {
        var text = field.TrimStart((byte)' ');
        var end = text.IndexOfAny((byte)0, (byte)' ');
        text = end < 0 ? text : text[..end];
        value = 0;
        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'7' || value > long.MaxValue / 8)
            {
                return false;
            }

            value = (value * 8) + (b - '0');
        }

        return true;
    }

    private string HeaderName()
    {
        var name = CString(_block.AsSpan(0, 100));
        // POSIX ustar ("ustar\0") has a name prefix at 345; old GNU tar ("ustar  \0") keeps atime and ctime there.
        var isUstar = _block.AsSpan(257, 6).SequenceEqual("ustar\0"u8);
        var prefix = isUstar ? CString(_block.AsSpan(345, 155)) : "";
        return prefix.Length > 0 ? $"{prefix}/{name}" : name;
    }

    private byte[] ReadExtendedHeader(long size)
    {
        if (size > MaxExtendedHeaderSize)
        {
            throw new XvaInvalidException($"corrupt tar: an extended header of {size} bytes at byte {Position - BlockSize}");
        }

        var data = new byte[size];
        var previous = Current;
        Current = new TarMember("(extended header)", size, false);
        _remaining = size;
        _padding = Padding(size);
        Read(data);
        SkipRest();
        Current = previous;
        return data;
    }

    private static (string? Name, long? Size) ParsePax(ReadOnlySpan<byte> records, string? name, long? size)
    {
        // Records are "<length> <key>=<value>\n"; only the path and size matter for an XVA.
        while (!records.IsEmpty)
        {
            var space = records.IndexOf((byte)' ');
            if (space <= 0 || !Utf8Parser.TryParse(records[..space], out int length, out _) || length <= space || length > records.Length)
            {
                break;
            }

            var record = Encoding.UTF8.GetString(records[(space + 1)..(length - 1)]);
            var equals = record.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                var value = record[(equals + 1)..];
                switch (record[..equals])
                {
                    case "path":
                        name = value;
                        break;
                    case "size" when long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed):
                        size = parsed;
                        break;
                }
            }

            records = records[length..];
        }

        return (name, size);
    }

    private static string CString(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static int Padding(long size) => (int)((BlockSize - (size % BlockSize)) % BlockSize);
}
