using System.Data.Common;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;

namespace IgdLab.Prober.Registry;

/// <summary>The device rows both stores read: the same columns in the same order, only the times stored apart.</summary>
internal static class DeviceRows
{
    /// <summary>How many columns <see cref="ReadRow"/> reads; further columns a query selects come after them.</summary>
    public const int Columns = 23;

    private const string ColumnList = """
        id, key, external_address, external_port, protocol, internal_address, internal_port, lease_seconds, reported_at,
        state, last_probe_outcome, last_probe_at, last_probe_ms, last_probe_detail, last_probe_answered_by,
        probes, failed_probes, verdicts, instructions, reports, remap_failures, recoveries, consecutive_remap_failures
        """;

    /// <summary>Every device row, by id.</summary>
    public const string Select = "SELECT " + ColumnList + " FROM devices ORDER BY id";

    /// <summary>The device rows matching <paramref name="condition"/>, by id, with <paramref name="extraColumns"/> after the usual ones.</summary>
    public static string SelectWhere(string condition, string extraColumns) =>
        $"SELECT {ColumnList}, {extraColumns} FROM devices WHERE {condition} ORDER BY id";

    /// <summary>Every row <paramref name="reader"/> returns for <see cref="Select"/>; <paramref name="readTime"/> reads a time column.</summary>
    public static IReadOnlyList<StoredDevice> ReadAll(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        var devices = new List<StoredDevice>();
        while (reader.Read())
        {
            devices.Add(ReadRow(reader, readTime));
        }

        return devices;
    }

    /// <summary>The device in the row <paramref name="reader"/> stands on.</summary>
    public static StoredDevice ReadRow(DbDataReader reader, Func<DbDataReader, int, DateTimeOffset> readTime)
    {
        MappingReport? mapping = reader.IsDBNull(2)
            ? null
            : new MappingReport(reader.GetString(2), reader.GetInt32(3), ReadProtocol(reader.GetString(4)), reader.GetString(5), reader.GetInt32(6), (uint)reader.GetInt64(7));
        ProbeRecord? probe = reader.IsDBNull(10) || !Enum.TryParse<ProbeOutcome>(reader.GetString(10), out var outcome)
            ? null
            : new ProbeRecord(outcome, readTime(reader, 11), TimeSpan.FromMilliseconds(reader.GetDouble(12)), reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14));
        return new StoredDevice(
            reader.GetString(0),
            reader.GetFieldValue<byte[]>(1),
            mapping,
            reader.IsDBNull(8) ? null : readTime(reader, 8),
            Enum.TryParse<DeviceState>(reader.GetString(9), ignoreCase: true, out var state) ? state : DeviceState.Unknown,
            probe,
            new DeviceCounters(reader.GetInt64(15), reader.GetInt64(16), reader.GetInt64(17), reader.GetInt64(18), reader.GetInt64(19), reader.GetInt64(20), reader.GetInt64(21)),
            reader.GetInt32(22));
    }

    // Written by ToUpnp; anything else means the row was edited by hand, and TCP is the safer guess for a probe.
    private static MappingProtocol ReadProtocol(string text) =>
        MappingProtocolText.TryParse(text, caseSensitive: false, out var protocol) ? protocol : MappingProtocol.Tcp;
}
