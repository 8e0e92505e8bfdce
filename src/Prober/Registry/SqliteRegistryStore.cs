using System.Globalization;
using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using Microsoft.Data.Sqlite;

namespace IgdLab.Prober.Registry;

/// <summary>
/// The registry in an SQLite file (the embedded default) or in memory: one connection, used under one lock. Probe
/// progress goes in periodic batches of one transaction, because writing every probe of 10,000 devices would cost more
/// than the probing itself.
/// </summary>
/// <remarks>Times are stored as UTC round-trip text, which is fixed-width, so ordering the text orders the times.</remarks>
internal sealed class SqliteRegistryStore : IRegistryStore
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        CREATE TABLE IF NOT EXISTS devices (
            id TEXT PRIMARY KEY,
            key BLOB NOT NULL,
            external_address TEXT, external_port INTEGER, protocol TEXT,
            internal_address TEXT, internal_port INTEGER, lease_seconds INTEGER, reported_at TEXT,
            state TEXT NOT NULL DEFAULT 'unknown',
            last_probe_outcome TEXT, last_probe_at TEXT, last_probe_ms REAL, last_probe_detail TEXT, last_probe_answered_by TEXT,
            probes INTEGER NOT NULL DEFAULT 0, failed_probes INTEGER NOT NULL DEFAULT 0, verdicts INTEGER NOT NULL DEFAULT 0,
            instructions INTEGER NOT NULL DEFAULT 0, reports INTEGER NOT NULL DEFAULT 0, remap_failures INTEGER NOT NULL DEFAULT 0,
            recoveries INTEGER NOT NULL DEFAULT 0, consecutive_remap_failures INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS history (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            device_id TEXT NOT NULL,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL);
        DROP INDEX IF EXISTS history_by_device;
        CREATE INDEX IF NOT EXISTS history_by_device_time ON history (device_id, at, seq);
        """;

    private readonly SqliteConnection _connection;
    private readonly int _historyPerDevice;
    private readonly Lock _gate = new();

    /// <summary>Opens (creating when needed) the database at <paramref name="path"/>; null keeps it in memory.</summary>
    public SqliteRegistryStore(string? path, int historyPerDevice)
    {
        _historyPerDevice = historyPerDevice;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path ?? ":memory:",
            Mode = path is null ? SqliteOpenMode.Memory : SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        };
        _connection = new SqliteConnection(builder.ToString());
        _connection.Open();
        Execute(Schema);
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredDevice> Load()
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = DeviceRows.Select;
            using var reader = command.ExecuteReader();
            return DeviceRows.ReadAll(reader, static (row, column) => ParseTime(row.GetString(column)));
        }
    }

    /// <inheritdoc />
    public void SaveKey(string deviceId, byte[] key)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO devices (id, key) VALUES ($id, $key) ON CONFLICT (id) DO UPDATE SET key = excluded.key";
            command.Parameters.AddWithValue("$id", deviceId);
            command.Parameters.AddWithValue("$key", key);
            command.ExecuteNonQuery();
        }
    }

    /// <inheritdoc />
    public void SaveMapping(string deviceId, MappingReport mapping, DateTimeOffset at, HistoryEntry history)
    {
        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    UPDATE devices SET external_address = $ea, external_port = $ep, protocol = $p, internal_address = $ia,
                        internal_port = $ip, lease_seconds = $lease, reported_at = $at WHERE id = $id
                    """;
                command.Parameters.AddWithValue("$id", deviceId);
                command.Parameters.AddWithValue("$ea", mapping.ExternalAddress);
                command.Parameters.AddWithValue("$ep", mapping.ExternalPort);
                command.Parameters.AddWithValue("$p", mapping.Protocol.ToUpnp());
                command.Parameters.AddWithValue("$ia", mapping.InternalAddress);
                command.Parameters.AddWithValue("$ip", mapping.InternalPort);
                command.Parameters.AddWithValue("$lease", (long)mapping.LeaseSeconds);
                command.Parameters.AddWithValue("$at", FormatTime(at));
                command.ExecuteNonQuery();
            }

            AppendHistory(transaction, [(deviceId, history)]);
            transaction.Commit();
        }
    }

    /// <inheritdoc />
    public void SaveProgress(IReadOnlyCollection<StoredDevice> devices, IReadOnlyCollection<(string DeviceId, HistoryEntry Entry)> history)
    {
        if (devices.Count == 0 && history.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            using var transaction = _connection.BeginTransaction();
            using (var command = _connection.CreateCommand())
            {
                command.Transaction = transaction;
                command.CommandText = """
                    UPDATE devices SET state = $state, last_probe_outcome = $outcome, last_probe_at = $at, last_probe_ms = $ms,
                        last_probe_detail = $detail, last_probe_answered_by = $by, probes = $probes, failed_probes = $failed,
                        verdicts = $verdicts, instructions = $instructions, reports = $reports, remap_failures = $remapFailures,
                        recoveries = $recoveries, consecutive_remap_failures = $consecutive
                    WHERE id = $id
                    """;
                var parameters = new[]
                {
                    "$id", "$state", "$outcome", "$at", "$ms", "$detail", "$by", "$probes", "$failed", "$verdicts", "$instructions",
                    "$reports", "$remapFailures", "$recoveries", "$consecutive",
                }.Select(name => command.Parameters.Add(new SqliteParameter { ParameterName = name })).ToArray();
                command.Prepare();
                foreach (var device in devices)
                {
                    var probe = device.LastProbe;
                    var counters = device.Counters;
                    object?[] values =
                    [
                        device.Id, device.State.ToString().ToLowerInvariant(), probe?.Outcome.ToString(), probe is null ? null : FormatTime(probe.At),
                        probe?.Elapsed.TotalMilliseconds, probe?.Detail, probe?.AnsweredBy, counters.Probes, counters.FailedProbes,
                        counters.Verdicts, counters.Instructions, counters.Reports, counters.RemapFailures, counters.Recoveries,
                        device.ConsecutiveRemapFailures,
                    ];
                    for (var i = 0; i < values.Length; i++)
                    {
                        parameters[i].Value = values[i] ?? DBNull.Value;
                    }

                    command.ExecuteNonQuery();
                }
            }

            AppendHistory(transaction, history);
            transaction.Commit();
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<HistoryEntry> History(string deviceId, int limit)
    {
        lock (_gate)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT at, kind, detail FROM history WHERE device_id = $id ORDER BY at DESC, seq DESC LIMIT $limit";
            command.Parameters.AddWithValue("$id", deviceId);
            command.Parameters.AddWithValue("$limit", limit);
            using var reader = command.ExecuteReader();
            var entries = new List<HistoryEntry>();
            while (reader.Read())
            {
                entries.Add(new HistoryEntry(ParseTime(reader.GetString(0)), reader.GetString(1), reader.GetString(2)));
            }

            entries.Reverse();
            return entries;
        }
    }

    public void Dispose() => _connection.Dispose();

    private void AppendHistory(SqliteTransaction transaction, IEnumerable<(string DeviceId, HistoryEntry Entry)> history)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        using (var insert = _connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO history (device_id, at, kind, detail) VALUES ($id, $at, $kind, $detail)";
            var id = insert.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
            var at = insert.Parameters.Add(new SqliteParameter { ParameterName = "$at" });
            var kind = insert.Parameters.Add(new SqliteParameter { ParameterName = "$kind" });
            var detail = insert.Parameters.Add(new SqliteParameter { ParameterName = "$detail" });
            foreach (var (deviceId, entry) in history)
            {
                id.Value = deviceId;
                at.Value = FormatTime(entry.At);
                kind.Value = entry.Kind;
                detail.Value = entry.Detail;
                insert.ExecuteNonQuery();
                touched.Add(deviceId);
            }
        }

        using var trim = _connection.CreateCommand();
        trim.Transaction = transaction;
        trim.CommandText = """
            DELETE FROM history WHERE seq IN (
                SELECT seq FROM history WHERE device_id = $id ORDER BY at DESC, seq DESC LIMIT -1 OFFSET $keep)
            """;
        var trimId = trim.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        trim.Parameters.AddWithValue("$keep", _historyPerDevice);
        foreach (var deviceId in touched)
        {
            trimId.Value = deviceId;
            trim.ExecuteNonQuery();
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string FormatTime(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTime(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
