using System.Text;

namespace AtlasRestoreOperator.Operator.Tests.Hosting;

/// <summary>Hands out one chunk per read, as a network stream may.</summary>
internal sealed class ChunkedStream(params string[] chunks) : Stream
{
    private readonly Queue<byte[]> pending = new(chunks.Select(Encoding.ASCII.GetBytes));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (!pending.TryDequeue(out var chunk))
        {
            return 0;
        }

        chunk.AsSpan().CopyTo(buffer.AsSpan(offset, count));
        return chunk.Length;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
