using System.Globalization;
using BackupHealth.Contracts.V1;
using Google.Protobuf;

namespace BackupHealth.Agent.Outbox;

/// <summary>What an outbox file holds: each observation as its length, then that many bytes of protobuf.</summary>
internal static class OutboxFileFormat
{
    public static byte[] Serialize(IReadOnlyList<Observation> observations)
    {
        using var buffer = new MemoryStream();
        foreach (var observation in observations)
        {
            observation.WriteDelimitedTo(buffer);
        }

        return buffer.ToArray();
    }

    public static long DelimitedSize(Observation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        var size = observation.CalculateSize();
        return CodedOutputStream.ComputeLengthSize(size) + size;
    }

    /// <exception cref="InvalidDataException">A record is cut short, or the file is empty.</exception>
    /// <exception cref="InvalidProtocolBufferException">A record is not an observation.</exception>
    public static List<Observation> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var observations = new List<Observation>();
        var offset = 0;
        while (offset < bytes.Length)
        {
            // Each record is its length, then that many bytes. A record cut short is corruption: parsing it as
            // the stream's remainder would make a bogus observation that gets the whole batch refused.
            var length = new CodedInputStream(bytes, offset, bytes.Length - offset).ReadLength();
            var start = offset + CodedOutputStream.ComputeLengthSize(length);
            if (length < 0 || length > bytes.Length - start)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"the record at byte {offset} promises {length} bytes, {bytes.Length - start} are left"));
            }

            observations.Add(Observation.Parser.ParseFrom(bytes, start, length));
            offset = start + length;
        }

        if (observations.Count == 0)
        {
            throw new InvalidDataException("the file is empty");
        }

        return observations;
    }
}
