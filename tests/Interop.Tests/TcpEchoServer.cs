using System.Net;
using System.Net.Sockets;

namespace IgdLab.Interop.Tests;

/// <summary>A tiny TCP service on a loopback address that echoes each connection's first line prefixed with "echo:".</summary>
internal sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public TcpEchoServer(IPAddress address)
    {
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _loop = AcceptLoopAsync();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>The remote addresses of accepted connections.</summary>
    public List<IPAddress> Peers { get; } = [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    /// <summary>Connects to <paramref name="target"/>, sends a line and returns the reply line.</summary>
    public static async Task<string?> RoundTripAsync(IPEndPoint target, string line, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(target, cts.Token);
        await using var stream = client.GetStream();
        using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
        using var reader = new StreamReader(stream);
        await writer.WriteLineAsync(line.AsMemory(), cts.Token);
        return await reader.ReadLineAsync(cts.Token);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (Peers)
            {
                Peers.Add(((IPEndPoint)client.Client.RemoteEndPoint!).Address);
            }

            _ = EchoAsync(client);
        }
    }

    private async Task EchoAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                await using var stream = client.GetStream();
                using var reader = new StreamReader(stream);
                using var writer = new StreamWriter(stream) { AutoFlush = true, NewLine = "\n" };
                var line = await reader.ReadLineAsync(_stop.Token);
                await writer.WriteLineAsync($"echo:{line}".AsMemory(), _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
                // The test closed its side or the server is stopping.
            }
        }
    }
}
