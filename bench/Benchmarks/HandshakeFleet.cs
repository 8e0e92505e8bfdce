using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using IgdLab.Contracts;

namespace IgdLab.Benchmarks;

/// <summary>
/// The prober benchmark's devices: one listening TCP socket per device on loopback addresses, answering the identity
/// handshake in one read and one write and then closing first (TIME_WAIT stays on this side). It runs in a child
/// process (<c>prober-devices</c>), so the prober's CPU and memory are measured without the devices'.
/// </summary>
internal sealed class HandshakeFleet : IAsyncDisposable
{
    public const string ChildCommand = "prober-devices";
    private const int Backlog = 256;

    private readonly List<(string Id, byte[] Key, Socket Listener)> _devices = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    /// <summary>Device <paramref name="index"/>'s id.</summary>
    public static string IdOf(int index) => string.Create(CultureInfo.InvariantCulture, $"dev-{index:D5}");

    /// <summary>Device <paramref name="id"/>'s key (both processes derive it).</summary>
    public static byte[] KeyOf(string id) => Encoding.UTF8.GetBytes("key-" + id);

    /// <summary>
    /// The child's main: <c>prober-devices COUNT FILE ADDRESS...</c> listens for COUNT devices spread over the addresses,
    /// writes "id address port" lines to FILE, prints "ready", and serves until its standard input closes.
    /// </summary>
    public static async Task<int> RunChildAsync(IReadOnlyList<string> args)
    {
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var file = args[2];
        var addresses = args.Skip(3).Select(IPAddress.Parse).ToArray();
        await using var fleet = new HandshakeFleet();
        var lines = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var id = IdOf(i);
            var endPoint = fleet.Add(id, KeyOf(id), addresses[i % addresses.Length]);
            lines.Add($"{id} {endPoint.Address} {endPoint.Port}");
        }

        await File.WriteAllLinesAsync(file, lines);
        await Console.Out.WriteLineAsync("ready");
        await Console.Out.FlushAsync();
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var (_, _, listener) in _devices)
        {
            listener.Dispose();
        }

        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private IPEndPoint Add(string id, byte[] key, IPAddress address)
    {
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(address, 0));
        listener.Listen(Backlog);
        _devices.Add((id, key, listener));
        _loops.Add(AcceptAsync(id, key, listener));
        return (IPEndPoint)listener.LocalEndPoint!;
    }

    private async Task AcceptAsync(string id, byte[] key, Socket listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                _ = AnswerAsync(id, key, await listener.AcceptAsync(_stop.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // A prober that gave up before the accept; keep serving.
            }
        }
    }

    private async Task AnswerAsync(string id, byte[] key, Socket client)
    {
        using (client)
        {
            try
            {
                var buffer = new byte[IdentityHandshake.MaxLineLength];
                var read = await client.ReceiveAsync(buffer, _stop.Token);
                if (IdentityHandshake.TryParseHello(Encoding.ASCII.GetString(buffer, 0, read), out var challenge))
                {
                    await client.SendAsync(Encoding.ASCII.GetBytes(IdentityHandshake.Answer(id, key, challenge)), _stop.Token);
                }

                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The prober gave up: nothing to answer.
            }
        }
    }
}
