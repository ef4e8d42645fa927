namespace BackupHealth.Agent.Probes.Xva;

/// <summary>The data of the tar reader's current member as a stream, for the XML reader of ova.xml.</summary>
internal sealed class TarMemberStream(TarStreamReader tar) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => tar.Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => tar.Read(buffer);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
