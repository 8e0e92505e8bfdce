using IgdLab.Igd.Description;
using IgdLab.Igd.Profiles;
using IgdLab.Igd.Ssdp;

namespace IgdLab.Igd.Tests.Ssdp;

/// <summary>A description source whose advertisement a test changes at will (reboot, UPnP off).</summary>
internal sealed class TestDescriptionSource : ISsdpDescriptionSource
{
    public static readonly Guid RootUuid = Guid.Parse("5e0f1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a50");

    private SsdpDescription _current;

    public TestDescriptionSource(int igdVersion = 2) => _current = Create(igdVersion);

    public SsdpDescription Current
    {
        get => Volatile.Read(ref _current);
        set => Volatile.Write(ref _current, value);
    }

    public DeviceNode Root => Current.RootDevice;

    /// <summary>The UDNs depth first: the IGD, the WANDevice, the WANConnectionDevice.</summary>
    public IReadOnlyList<string> Udns => [.. Root.SelfAndDescendants().Select(d => d.Udn)];

    public static SsdpDescription Create(int igdVersion = 2) =>
        new(
            DeviceTreeBuilder.Build(RouterProfileCatalog.Standard with { IgdVersion = igdVersion }, RootUuid),
            new Uri("http://127.0.0.1:49152/rootDesc.xml"),
            BootId: 1,
            ConfigId: 1,
            ServerHeader: "Linux/6.0 UPnP/1.1 IgdLab/1.0",
            IsEnabled: true);
}
