using IgdLab.Prober.Registry;
using Npgsql;

namespace IgdLab.Prober.Cluster;

/// <summary>
/// What the prober instances sharing one PostgreSQL registry keep in it about each other: their leases
/// (<c>instances</c>), which instance owns (probes) each device, on which instance each device's control channel is
/// open, and each device's outstanding instruction. Every time is one instance's clock (<see cref="TimeProvider"/>),
/// so instances on different machines need clocks in step (NTP) to well within a lease.
/// </summary>
/// <remarks>
/// Ownership is claimed row by row with <c>FOR UPDATE SKIP LOCKED</c>, one claim at a time (a transaction-scoped
/// advisory lock), so two instances claiming at once never take the same device. Both halves matter: PostgreSQL
/// re-checks a row that another claim changed meanwhile against the locking query's own conditions only, so the
/// condition "its owner is not live" is a correlated <c>NOT EXISTS</c> on the row itself (an outer join with the
/// instances was re-checked against the old instance's row and let both instances take the row, seen in a scenario
/// and in <c>PostgresClusterStoreTests</c>); and a claim's statement, taken after the lock, sees every claim and every
/// instance that joined before it. An owner's claim lasts as long as its instance's lease, renewed by one row's
/// heartbeat, so renewing costs one write per instance rather than one per device.
/// </remarks>
internal sealed class PostgresClusterStore(NpgsqlDataSource source, string instanceId)
{
    /// <summary>The channel every instance listens on.</summary>
    public const string NotifyChannel = "igdlab_cluster";

    // The advisory lock that lets one claim run at a time, in whichever database the registry is ("igdlab" + 1).
    private const long ClaimLock = 0x6967646C61620001;

    /// <summary>This instance's id.</summary>
    public string InstanceId => instanceId;

    /// <summary>Adds (or re-adds, after its lease ran out) this instance with a lease until <paramref name="expires"/>.</summary>
    public void Join(string name, DateTimeOffset now, DateTimeOffset expires)
    {
        using var command = source.CreateCommand("""
            INSERT INTO instances (id, name, started_at, expires_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO UPDATE SET expires_at = excluded.expires_at
            """);
        Add(command, instanceId, name, now.ToUniversalTime(), expires.ToUniversalTime());
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Renews this instance's lease while it still holds one at <paramref name="now"/>, and reads how the registry
    /// stands: how many devices it holds, how many of them this instance owns, and which instances are live.
    /// <see cref="Heartbeat.Renewed"/> is false when the lease had run out (another instance may have taken this one's
    /// devices).
    /// </summary>
    public Heartbeat Renew(DateTimeOffset now, DateTimeOffset expires)
    {
        using var connection = source.OpenConnection();
        using var batch = new NpgsqlBatch(connection);
        var renew = new NpgsqlBatchCommand("UPDATE instances SET expires_at = $2 WHERE id = $1 AND expires_at > $3");
        Add(renew.Parameters, instanceId, expires.ToUniversalTime(), now.ToUniversalTime());
        batch.BatchCommands.Add(renew);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT count(*) FROM devices"));
        var owned = new NpgsqlBatchCommand("SELECT count(*) FROM devices WHERE owner = $1");
        Add(owned.Parameters, instanceId);
        batch.BatchCommands.Add(owned);
        var live = new NpgsqlBatchCommand("SELECT id FROM instances WHERE expires_at > $1 ORDER BY id");
        Add(live.Parameters, now.ToUniversalTime());
        batch.BatchCommands.Add(live);
        using var reader = batch.ExecuteReader();
        reader.Read();
        var devices = (int)reader.GetInt64(0);
        reader.NextResult();
        reader.Read();
        var ownedRows = (int)reader.GetInt64(0);
        reader.NextResult();
        var instances = new List<string>();
        while (reader.Read())
        {
            instances.Add(reader.GetString(0));
        }

        return new Heartbeat(renew.RecordsAffected == 1, devices, ownedRows, instances);
    }

    /// <summary>The devices whose row names this instance their owner.</summary>
    public IReadOnlySet<string> OwnedIds()
    {
        using var command = source.CreateCommand("SELECT id FROM devices WHERE owner = $1");
        Add(command.Parameters, instanceId);
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// Claims up to <paramref name="count"/> devices that no live instance owns (never owned, released, or owned by
    /// an instance whose lease ran out) and reads them; rows another instance is claiming at the same moment are skipped.
    /// </summary>
    public IReadOnlyList<ClaimedDevice> Claim(int count, DateTimeOffset now)
    {
        using var connection = source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        using (var serialize = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            serialize.Parameters.Add(new NpgsqlParameter { Value = ClaimLock });
            serialize.ExecuteNonQuery();
        }

        var ids = new List<string>();
        using (var claim = new NpgsqlCommand(
            """
            UPDATE devices SET owner = $1 WHERE id IN (
                SELECT d.id FROM devices d
                WHERE d.owner IS NULL OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = d.owner AND i.expires_at > $2)
                ORDER BY d.id LIMIT $3
                FOR UPDATE OF d SKIP LOCKED)
            RETURNING id
            """,
            connection,
            transaction))
        {
            Add(claim.Parameters, instanceId, now.ToUniversalTime(), count);
            using var reader = claim.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }
        }

        var claimed = ids.Count == 0 ? [] : Read(connection, transaction, ids);
        transaction.Commit();
        return claimed;
    }

    /// <summary>Gives up the ownership of <paramref name="deviceIds"/> (their state was written before), for another instance to claim.</summary>
    public void Release(IReadOnlyCollection<string> deviceIds)
    {
        using var command = source.CreateCommand("UPDATE devices SET owner = NULL WHERE id = ANY($1) AND owner = $2");
        Add(command.Parameters, (object)deviceIds.ToArray(), instanceId);
        command.ExecuteNonQuery();
    }

    /// <summary>Releases every device this instance owns and its channels, and ends its lease: a clean stop.</summary>
    public void Leave()
    {
        using var connection = source.OpenConnection();
        using var batch = new NpgsqlBatch(connection);
        var devices = new NpgsqlBatchCommand("UPDATE devices SET owner = NULL WHERE owner = $1");
        Add(devices.Parameters, instanceId);
        var channels = new NpgsqlBatchCommand("UPDATE devices SET channel_instance = NULL WHERE channel_instance = $1");
        Add(channels.Parameters, instanceId);
        var lease = new NpgsqlBatchCommand("DELETE FROM instances WHERE id = $1");
        Add(lease.Parameters, instanceId);
        batch.BatchCommands.Add(devices);
        batch.BatchCommands.Add(channels);
        batch.BatchCommands.Add(lease);
        batch.ExecuteNonQuery();
    }

    /// <summary>Releases every device still recorded as this instance's (after its lease ran out).</summary>
    public void ReleaseAll()
    {
        using var command = source.CreateCommand("UPDATE devices SET owner = NULL WHERE owner = $1");
        Add(command.Parameters, instanceId);
        command.ExecuteNonQuery();
    }

    /// <summary>Records that the device's control channel is open on this instance; returns its owner, if any.</summary>
    public string? ChannelOpened(string deviceId)
    {
        using var command = source.CreateCommand("UPDATE devices SET channel_instance = $2 WHERE id = $1 RETURNING owner");
        Add(command.Parameters, deviceId, instanceId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Records that the device's channel on this instance closed (unless it opened elsewhere since); returns its owner, if any.</summary>
    public string? ChannelClosed(string deviceId)
    {
        using var command = source.CreateCommand("""
            UPDATE devices SET channel_instance = CASE WHEN channel_instance = $2 THEN NULL ELSE channel_instance END
            WHERE id = $1 RETURNING owner
            """);
        Add(command.Parameters, deviceId, instanceId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>The device's owner, if any.</summary>
    public string? OwnerOf(string deviceId)
    {
        using var command = source.CreateCommand("SELECT owner FROM devices WHERE id = $1");
        Add(command.Parameters, deviceId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Records the device's outstanding instruction before it is sent, so that an owner taking over does not repeat it.</summary>
    public void InstructionSent(string deviceId, string instructionId, DateTimeOffset at)
    {
        using var command = source.CreateCommand("UPDATE devices SET instruction_id = $2, instruction_at = $3 WHERE id = $1");
        Add(command.Parameters, deviceId, instructionId, at.ToUniversalTime());
        command.ExecuteNonQuery();
    }

    /// <summary>Clears the device's outstanding instruction when it is still <paramref name="instructionId"/>.</summary>
    public void InstructionEnded(string deviceId, string instructionId)
    {
        using var command = source.CreateCommand("UPDATE devices SET instruction_id = NULL, instruction_at = NULL WHERE id = $1 AND instruction_id = $2");
        Add(command.Parameters, deviceId, instructionId);
        command.ExecuteNonQuery();
    }

    /// <summary>A device's key as stored, or null when it is not registered.</summary>
    public byte[]? KeyOf(string deviceId)
    {
        using var command = source.CreateCommand("SELECT key FROM devices WHERE id = $1");
        Add(command.Parameters, deviceId);
        return command.ExecuteScalar() as byte[];
    }

    /// <summary>Where the control channels of <paramref name="deviceIds"/> are open, by device (devices without one left out).</summary>
    public IReadOnlyDictionary<string, string> ChannelsOf(IReadOnlyCollection<string> deviceIds)
    {
        using var command = source.CreateCommand("SELECT id, channel_instance FROM devices WHERE id = ANY($1) AND channel_instance IS NOT NULL");
        Add(command.Parameters, (object)deviceIds.ToArray());
        using var reader = command.ExecuteReader();
        var channels = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            channels[reader.GetString(0)] = reader.GetString(1);
        }

        return channels;
    }

    /// <summary>Sends <paramref name="payload"/> to every listening instance (delivered after the statement commits, in commit order).</summary>
    public void Publish(string payload)
    {
        using var command = source.CreateCommand($"SELECT pg_notify('{NotifyChannel}', $1)");
        Add(command.Parameters, payload);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The devices' rows as their owners last wrote them, with where their channels are open; every device when
    /// <paramref name="deviceId"/> is null, else that one (none when it is not registered).
    /// </summary>
    public IReadOnlyList<ClaimedDevice> Devices(string? deviceId)
    {
        using var connection = source.OpenConnection();
        return Read(connection, null, deviceId is null ? null : [deviceId]);
    }

    // The rows of ids, or every row when ids is null.
    private static List<ClaimedDevice> Read(NpgsqlConnection connection, NpgsqlTransaction? transaction, List<string>? ids)
    {
        using var command = new NpgsqlCommand(
            DeviceRows.SelectWhere(ids is null ? "true" : "id = ANY($1)", "channel_instance, instruction_id, instruction_at"),
            connection,
            transaction);
        if (ids is not null)
        {
            Add(command.Parameters, (object)ids.ToArray());
        }

        using var reader = command.ExecuteReader();
        var claimed = new List<ClaimedDevice>();
        const int Extra = DeviceRows.Columns;
        while (reader.Read())
        {
            claimed.Add(new ClaimedDevice(
                DeviceRows.ReadRow(reader, static (row, column) => row.GetFieldValue<DateTimeOffset>(column)),
                reader.IsDBNull(Extra) ? null : reader.GetString(Extra),
                reader.IsDBNull(Extra + 1) ? null : reader.GetString(Extra + 1),
                reader.IsDBNull(Extra + 2) ? null : reader.GetFieldValue<DateTimeOffset>(Extra + 2)));
        }

        return claimed;
    }

    private static void Add(NpgsqlCommand command, params object?[] values) => Add(command.Parameters, values);

    private static void Add(NpgsqlParameterCollection parameters, params object?[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}

/// <summary>A heartbeat's reading of the registry.</summary>
/// <param name="Renewed">Whether the lease was still held and is renewed.</param>
/// <param name="Devices">How many devices the registry holds.</param>
/// <param name="Owned">How many of them name this instance their owner.</param>
/// <param name="LiveInstances">The instances with a lease.</param>
internal sealed record Heartbeat(bool Renewed, int Devices, int Owned, IReadOnlyList<string> LiveInstances);

/// <summary>
/// A device's row as read for a claim (or for an answer about a device owned elsewhere): the row, where its channel is
/// open, and its outstanding instruction, if any.
/// </summary>
internal sealed record ClaimedDevice(StoredDevice Device, string? ChannelInstance, string? InstructionId, DateTimeOffset? InstructionAt);
