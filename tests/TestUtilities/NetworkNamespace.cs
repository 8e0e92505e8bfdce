using System.ComponentModel;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace IgdLab.TestUtilities;

/// <summary>
/// A network namespace that a test creates for itself (its own <c>lo</c>, addresses and routes), removed on dispose
/// together with every process still inside. The host's own interfaces are never touched.
/// </summary>
public sealed class NetworkNamespace : IAsyncDisposable
{
    private static int _counter;

    private NetworkNamespace(string name, string ip)
    {
        Name = name;
        IpTool = ip;
    }

    /// <summary>The namespace's name (<c>igdlab-…</c>).</summary>
    public string Name { get; }

    /// <summary>The path of <c>ip</c>.</summary>
    public string IpTool { get; }

    /// <summary>The prefix that runs a program inside: <c>ip netns exec NAME</c>.</summary>
    public IReadOnlyList<string> ExecPrefix => [IpTool, "netns", "exec", Name];

    /// <summary>Creates a namespace with <c>lo</c> up, or skips the test saying what is missing (root, iproute2).</summary>
    public static async Task<NetworkNamespace> CreateAsync(string purpose)
    {
        var ip = ProcessRunner.Require("ip", "iproute2");
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            Assert.Ignore("network namespaces need root; run the interop tests as root (CI does)");
        }

        var name = $"igdlab-{purpose}-{Environment.ProcessId}-{Interlocked.Increment(ref _counter).ToString(CultureInfo.InvariantCulture)}";
        var add = await ProcessRunner.RunAsync(ip, ["netns", "add", name], TimeSpan.FromSeconds(10));
        if (add.ExitCode != 0)
        {
            Assert.Ignore($"cannot create a network namespace here: {add.Combined.Trim()}");
        }

        var ns = new NetworkNamespace(name, ip);
        await ns.IpAsync("link", "set", "lo", "up");
        return ns;
    }

    /// <summary>Runs <c>ip -n NAME args</c> and fails the test if it fails.</summary>
    public async Task IpAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync(IpTool, ["-n", Name, .. arguments], TimeSpan.FromSeconds(10));
        Assert.That(result.ExitCode, Is.Zero, $"ip -n {Name} {string.Join(' ', arguments)}: {result.Combined}");
    }

    /// <summary>Runs a program inside the namespace.</summary>
    public Task<ProcessResult> ExecAsync(string program, IEnumerable<string> arguments, TimeSpan timeout) =>
        ProcessRunner.RunAsync(IpTool, ["netns", "exec", Name, program, .. arguments], timeout);

    /// <summary>
    /// Runs <paramref name="action"/> on a fresh thread that joined the namespace, so every socket it opens belongs to
    /// the namespace (a socket keeps its namespace for life, whichever thread later uses it). The thread ends with the
    /// action: no pooled thread is ever moved. Work after an <c>await</c> inside <paramref name="action"/> runs elsewhere.
    /// </summary>
    public T RunInside<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var result = default(T);
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using (var handle = File.OpenHandle(Path.Combine("/run/netns", Name)))
                {
                    if (NativeMethods.SetNs((int)handle.DangerousGetHandle(), NativeMethods.CloneNewNet) != 0)
                    {
                        throw new Win32Exception(Marshal.GetLastPInvokeError(), $"setns into {Name} failed");
                    }
                }

                result = action();
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        return failure is null ? result! : throw new InvalidOperationException($"could not run inside {Name}: {failure.Message}", failure);
    }

    /// <summary>A TCP socket of the namespace's network stack.</summary>
    public Socket CreateTcpSocket(AddressFamily family = AddressFamily.InterNetwork) =>
        RunInside(() => new Socket(family, SocketType.Stream, ProtocolType.Tcp));

    /// <summary>A UDP socket of the namespace's network stack.</summary>
    public Socket CreateUdpSocket(AddressFamily family = AddressFamily.InterNetwork) =>
        RunInside(() => new Socket(family, SocketType.Dgram, ProtocolType.Udp));

    /// <summary>An <see cref="HttpClient"/> whose connections start inside the namespace (e.g. to query a server that listens there).</summary>
    public HttpClient CreateHttpClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = CreateTcpSocket();
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { Timeout = timeout };

    /// <summary>Kills what still runs inside and deletes the namespace.</summary>
    public async ValueTask DisposeAsync()
    {
        var pids = await ProcessRunner.RunAsync(IpTool, ["netns", "pids", Name], TimeSpan.FromSeconds(10));
        foreach (var pid in pids.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await ProcessRunner.RunAsync("kill", ["-KILL", pid], TimeSpan.FromSeconds(5));
        }

        await ProcessRunner.RunAsync(IpTool, ["netns", "del", Name], TimeSpan.FromSeconds(10));
    }

    private static class NativeMethods
    {
        public const int CloneNewNet = 0x40000000;

        [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
        public static extern int SetNs(int fd, int nstype);
    }
}
