using IgdLab.Contracts;
using IgdLab.Contracts.Control;
using Npgsql;

namespace IgdLab.Prober.Registry;

/// <summary>
/// The registry in a PostgreSQL database (Npgsql), for a watchdog whose registry outlives one machine: the same two
/// tables as <see cref="SqliteRegistryStore"/>, with times as <c>timestamptz</c> (microseconds). The prober creates
/// the schema itself, under a transaction-scoped advisory lock so that instances starting together do not race, and
/// records its version in <c>igdlab_schema</c>, the place later versions migrate from.
/// </summary>
internal sealed class PostgresRegistryStore : IRegistryStore
{
    /// <summary>The schema version this store writes.</summary>
    /// <remarks>Version 2 added what several instances on one registry share: <c>instances</c> and the ownership, channel and instruction columns of <c>devices</c>.</remarks>
    public const int SchemaVersion = 2;

    // Any fixed number: the advisory lock that serialises schema creation between instances.
    private const long SchemaLock = 0x1_6D1A_B001;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS igdlab_schema (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS devices (
            id TEXT PRIMARY KEY,
            key BYTEA NOT NULL,
            external_address TEXT, external_port INTEGER, protocol TEXT,
            internal_address TEXT, internal_port INTEGER, lease_seconds BIGINT, reported_at TIMESTAMPTZ,
            state TEXT NOT NULL DEFAULT 'unknown',
            last_probe_outcome TEXT, last_probe_at TIMESTAMPTZ, last_probe_ms DOUBLE PRECISION, last_probe_detail TEXT,
            last_probe_answered_by TEXT,
            probes BIGINT NOT NULL DEFAULT 0, failed_probes BIGINT NOT NULL DEFAULT 0, verdicts BIGINT NOT NULL DEFAULT 0,
            instructions BIGINT NOT NULL DEFAULT 0, reports BIGINT NOT NULL DEFAULT 0, remap_failures BIGINT NOT NULL DEFAULT 0,
            recoveries BIGINT NOT NULL DEFAULT 0, consecutive_remap_failures INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE IF NOT EXISTS history (
            seq BIGSERIAL PRIMARY KEY,
            device_id TEXT NOT NULL,
            at TIMESTAMPTZ NOT NULL,
            kind TEXT NOT NULL,
            detail TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS history_by_device_time ON history (device_id, at, seq);
        CREATE TABLE IF NOT EXISTS instances (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            started_at TIMESTAMPTZ NOT NULL,
            expires_at TIMESTAMPTZ NOT NULL);
        ALTER TABLE devices ADD COLUMN IF NOT EXISTS owner TEXT;
        ALTER TABLE devices ADD COLUMN IF NOT EXISTS channel_instance TEXT;
        ALTER TABLE devices ADD COLUMN IF NOT EXISTS instruction_id TEXT;
        ALTER TABLE devices ADD COLUMN IF NOT EXISTS instruction_at TIMESTAMPTZ;
        CREATE INDEX IF NOT EXISTS devices_by_owner ON devices (owner);
        """;

    private readonly NpgsqlDataSource _source;
    private readonly int _historyPerDevice;

    /// <summary>The database's connections, for the instances sharing it (<see cref="Cluster.PostgresClusterStore"/>).</summary>
    public NpgsqlDataSource Source => _source;

    /// <summary>Connects with <paramref name="connectionString"/> and creates or checks the schema.</summary>
    /// <exception cref="InvalidOperationException">The database holds a newer schema than this prober knows.</exception>
    public PostgresRegistryStore(string connectionString, int historyPerDevice)
    {
        _historyPerDevice = historyPerDevice;
        _source = NpgsqlDataSource.Create(connectionString);
        try
        {
            CreateSchema();
        }
        catch
        {
            _source.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<StoredDevice> Load()
    {
        using var command = _source.CreateCommand(DeviceRows.Select);
        using var reader = command.ExecuteReader();
        return DeviceRows.ReadAll(reader, static (row, column) => row.GetFieldValue<DateTimeOffset>(column));
    }

    /// <inheritdoc />
    public void SaveKey(string deviceId, byte[] key)
    {
        using var command = _source.CreateCommand("INSERT INTO devices (id, key) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET key = excluded.key");
        command.Parameters.Add(new NpgsqlParameter { Value = deviceId });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public void SaveMapping(string deviceId, MappingReport mapping, DateTimeOffset at, HistoryEntry history)
    {
        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand(
            """
            UPDATE devices SET external_address = $2, external_port = $3, protocol = $4, internal_address = $5,
                internal_port = $6, lease_seconds = $7, reported_at = $8 WHERE id = $1
            """,
            connection,
            transaction))
        {
            AddValues(command, deviceId, mapping.ExternalAddress, mapping.ExternalPort, mapping.Protocol.ToUpnp(), mapping.InternalAddress, mapping.InternalPort, (long)mapping.LeaseSeconds, at.ToUniversalTime());
            command.ExecuteNonQuery();
        }

        AppendHistory(connection, transaction, [(deviceId, history)]);
        transaction.Commit();
    }

    /// <inheritdoc />
    public void SaveProgress(IReadOnlyCollection<StoredDevice> devices, IReadOnlyCollection<(string DeviceId, HistoryEntry Entry)> history)
    {
        if (devices.Count == 0 && history.Count == 0)
        {
            return;
        }

        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        if (devices.Count > 0)
        {
            // One round trip for the whole batch.
            using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var device in devices)
            {
                var probe = device.LastProbe;
                var counters = device.Counters;
                var update = new NpgsqlBatchCommand("""
                    UPDATE devices SET state = $2, last_probe_outcome = $3, last_probe_at = $4, last_probe_ms = $5,
                        last_probe_detail = $6, last_probe_answered_by = $7, probes = $8, failed_probes = $9,
                        verdicts = $10, instructions = $11, reports = $12, remap_failures = $13,
                        recoveries = $14, consecutive_remap_failures = $15
                    WHERE id = $1
                    """);
                AddValues(
                    update.Parameters,
                    device.Id, device.State.ToString().ToLowerInvariant(), probe?.Outcome.ToString(), probe?.At.ToUniversalTime(),
                    probe?.Elapsed.TotalMilliseconds, probe?.Detail, probe?.AnsweredBy, counters.Probes, counters.FailedProbes,
                    counters.Verdicts, counters.Instructions, counters.Reports, counters.RemapFailures, counters.Recoveries,
                    device.ConsecutiveRemapFailures);
                batch.BatchCommands.Add(update);
            }

            batch.ExecuteNonQuery();
        }

        AppendHistory(connection, transaction, history);
        transaction.Commit();
    }

    /// <inheritdoc />
    public IReadOnlyList<HistoryEntry> History(string deviceId, int limit)
    {
        using var command = _source.CreateCommand("SELECT at, kind, detail FROM history WHERE device_id = $1 ORDER BY at DESC, seq DESC LIMIT $2");
        AddValues(command, deviceId, limit);
        using var reader = command.ExecuteReader();
        var entries = new List<HistoryEntry>();
        while (reader.Read())
        {
            entries.Add(new HistoryEntry(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1), reader.GetString(2)));
        }

        entries.Reverse();
        return entries;
    }

    public void Dispose() => _source.Dispose();

    private void CreateSchema()
    {
        using var connection = _source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaLock})", connection, transaction))
        {
            command.ExecuteNonQuery();
        }

        using (var command = new NpgsqlCommand(Schema, connection, transaction))
        {
            command.ExecuteNonQuery();
        }

        using (var command = new NpgsqlCommand("SELECT max(version) FROM igdlab_schema", connection, transaction))
        {
            switch (command.ExecuteScalar())
            {
                case int version when version > SchemaVersion:
                    throw new InvalidOperationException(
                        $"the registry database holds schema version {version}, newer than this prober's {SchemaVersion}: upgrade the prober");
                case int version when version == SchemaVersion:
                    break;
                case int:
                    // The schema text above migrates an older one (every step is IF NOT EXISTS).
                    using (var update = new NpgsqlCommand($"UPDATE igdlab_schema SET version = {SchemaVersion}", connection, transaction))
                    {
                        update.ExecuteNonQuery();
                    }

                    break;
                default:
                    using (var insert = new NpgsqlCommand($"INSERT INTO igdlab_schema (version) VALUES ({SchemaVersion})", connection, transaction))
                    {
                        insert.ExecuteNonQuery();
                    }

                    break;
            }
        }

        transaction.Commit();
    }

    private void AppendHistory(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<(string DeviceId, HistoryEntry Entry)> history)
    {
        if (history.Count == 0)
        {
            return;
        }

        using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (deviceId, entry) in history)
        {
            var insert = new NpgsqlBatchCommand("INSERT INTO history (device_id, at, kind, detail) VALUES ($1, $2, $3, $4)");
            AddValues(insert.Parameters, deviceId, entry.At.ToUniversalTime(), entry.Kind, entry.Detail);
            batch.BatchCommands.Add(insert);
        }

        foreach (var deviceId in history.Select(line => line.DeviceId).Distinct(StringComparer.Ordinal))
        {
            var trim = new NpgsqlBatchCommand("""
                DELETE FROM history WHERE seq IN (
                    SELECT seq FROM history WHERE device_id = $1 ORDER BY at DESC, seq DESC OFFSET $2)
                """);
            AddValues(trim.Parameters, deviceId, _historyPerDevice);
            batch.BatchCommands.Add(trim);
        }

        batch.ExecuteNonQuery();
    }

    private static void AddValues(NpgsqlCommand command, params object?[] values) => AddValues(command.Parameters, values);

    private static void AddValues(NpgsqlParameterCollection parameters, params object?[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
