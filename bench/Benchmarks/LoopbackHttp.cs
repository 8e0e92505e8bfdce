namespace IgdLab.Benchmarks;

/// <summary>HTTP clients for talking to a gateway on loopback.</summary>
internal static class LoopbackHttp
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A keep-alive client with one pooled connection (each benchmark client has one request in flight at a time).
    /// Proxies are off, so a proxy set in the environment can never carry benchmark traffic off the machine.
    /// </summary>
    public static HttpClient Create() => new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        MaxConnectionsPerServer = 1,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        Timeout = RequestTimeout,
    };
}
