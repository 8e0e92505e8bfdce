using System.Net;
using IgdLab.Device.Devices;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Tests.Devices;

/// <summary>A router-less <see cref="IMappingActions"/>: counts calls, can fail the next calls or lose the mapping.</summary>
internal sealed class FakeMappingActions : IMappingActions
{
    private int _maps;
    private int _remaps;
    private int _checks;
    private int _failNext;

    public int Maps => Volatile.Read(ref _maps);

    public int Remaps => Volatile.Read(ref _remaps);

    public int Checks => Volatile.Read(ref _checks);

    /// <summary>Whether the "router" still holds the mapping.</summary>
    public bool Present { get; set; }

    public IPAddress ExternalAddress { get; set; } = IPAddress.Parse("127.0.0.2");

    /// <summary>Makes the next <paramref name="count"/> calls throw.</summary>
    public void FailNext(int count) => Volatile.Write(ref _failNext, count);

    public Task<MappingResult> MapAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _maps);
        return Task.FromResult(Grant());
    }

    public Task<bool> IsMappedAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checks);
        MaybeFail();
        return Task.FromResult(Present);
    }

    /// <summary>When set, a remap waits for this task before it answers (a remap in flight).</summary>
    public Task? RemapHold { get; set; }

    public async Task<MappingResult> RemapAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _remaps);
        if (RemapHold is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        return Grant();
    }

    private MappingResult Grant()
    {
        MaybeFail();
        Present = true;
        return new MappingResult
        {
            ExternalAddress = ExternalAddress,
            ExternalPort = 5000,
            Protocol = MappingProtocol.Tcp,
            InternalEndPoint = new IPEndPoint(IPAddress.Loopback, 5000),
            LeaseSeconds = 60,
        };
    }

    private void MaybeFail()
    {
        if (Interlocked.Decrement(ref _failNext) >= 0)
        {
            throw new InvalidOperationException("injected failure");
        }

        Interlocked.Exchange(ref _failNext, 0);
    }
}

/// <summary>Router signals raised by hand.</summary>
internal sealed class FakeGatewaySignals : IGatewaySignals
{
    public event Action<string>? ExternalAddressChanged;

    public event Action<string>? ConnectionStatusChanged;

    public event Action<string>? BootIdChanged;

    public void Address(string address) => ExternalAddressChanged?.Invoke(address);

    public void Status(string status) => ConnectionStatusChanged?.Invoke(status);

    public void BootId(string bootId) => BootIdChanged?.Invoke(bootId);
}
