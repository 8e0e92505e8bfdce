using Microsoft.Extensions.Logging;
using Npgsql;

namespace IgdLab.Prober.Cluster;

/// <summary>
/// Listens on the instances' <c>NOTIFY</c> channel over a connection of its own and hands every message to
/// <paramref name="received"/>; when the connection breaks it opens a new one and calls <paramref name="reconnected"/>,
/// since messages sent meanwhile are lost (the receiver then reads again what it may have missed).
/// </summary>
internal sealed partial class ClusterBus(
    NpgsqlDataSource source,
    Action<ClusterMessage> received,
    Action reconnected,
    TimeProvider time,
    ILogger logger) : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stop = new();
    private Task? _listening;

    /// <summary>Starts listening; returns once the first <c>LISTEN</c> is in place, so nothing sent after it is missed.</summary>
    public void Start()
    {
        var first = Listen();
        _listening = Task.Run(() => RunAsync(first));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_listening is { } listening)
        {
            await listening;
        }

        _stop.Dispose();
    }

    private NpgsqlConnection Listen()
    {
        var connection = source.OpenConnection();
        try
        {
            connection.Notification += (_, e) =>
            {
                if (ClusterMessage.FromPayload(e.Payload) is { } message)
                {
                    received(message);
                }
                else
                {
                    LogForeignPayload(e.Payload.Length);
                }
            };
            using var command = new NpgsqlCommand($"LISTEN {PostgresClusterStore.NotifyChannel}", connection);
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private async Task RunAsync(NpgsqlConnection connection)
    {
        var stopping = _stop.Token;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await using (connection)
                {
                    while (true)
                    {
                        await connection.WaitAsync(stopping);
                    }
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
            {
                LogLost(ex);
            }

            connection = await ReconnectAsync(stopping);
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            reconnected();
        }
    }

    private async Task<NpgsqlConnection> ReconnectAsync(CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await Task.Delay(RetryDelay, time, stopping);
                var connection = Listen();
                LogListening();
                return connection;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return null!;
            }
            catch (Exception ex) when (ex is NpgsqlException or IOException or InvalidOperationException)
            {
                // Logged once when the connection was lost; a database out of reach fails every second.
                LogRetryFailed(ex.Message);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the registry's notification connection; trying again every second")]
    private partial void LogLost(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The registry's notification connection is still down: {Reason}")]
    private partial void LogRetryFailed(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening to the registry's notifications again")]
    private partial void LogListening();

    [LoggerMessage(Level = LogLevel.Warning, Message = "A notification of {Length} characters on the instances' channel is not a message; ignored")]
    private partial void LogForeignPayload(int length);
}
