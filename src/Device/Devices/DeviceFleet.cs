using System.Globalization;
using System.Net;
using Bogus;
using IgdLab.Device.Upnp.Soap;

namespace IgdLab.Device.Devices;

/// <summary>Generates plausible, reproducible fleets of intranet devices: the same seed always gives the same fleet.</summary>
public static class DeviceFleet
{
    private static readonly IReadOnlyDictionary<DeviceKind, Model[]> Models = new Dictionary<DeviceKind, Model[]>
    {
        [DeviceKind.Nas] =
        [
            new("Synology DS920+", "00:11:32"),
            new("Synology DS224+", "00:11:32"),
            new("QNAP TS-453D", "24:5E:BE"),
            new("WD My Cloud EX2", "00:90:A9"),
        ],
        [DeviceKind.SetTopBox] =
        [
            new("Roku Ultra", "B0:A7:37"),
            new("Apple TV 4K", "3C:22:FB"),
            new("NVIDIA Shield TV", "00:04:4B"),
        ],
        [DeviceKind.IpCamera] =
        [
            new("Hikvision DS-2CD2143G2", "C0:56:E3"),
            new("Axis M3106-L", "00:40:8C"),
            new("Reolink RLC-810A", "EC:71:DB"),
        ],
        [DeviceKind.Pc] =
        [
            new("Dell OptiPlex 7090", "F4:8E:38"),
            new("Lenovo ThinkPad T14", "8C:8C:AA"),
            new("HP EliteDesk 800", "3C:52:82"),
        ],
        [DeviceKind.GameConsole] =
        [
            new("PlayStation 5", "00:D9:D1"),
            new("Xbox Series X", "7C:ED:8D"),
            new("Nintendo Switch", "98:B6:E9"),
        ],
    };

    private static readonly IReadOnlyDictionary<DeviceKind, Service[]> Services = new Dictionary<DeviceKind, Service[]>
    {
        [DeviceKind.Nas] = [new(5000, MappingProtocol.Tcp), new(5001, MappingProtocol.Tcp), new(445, MappingProtocol.Tcp)],
        [DeviceKind.SetTopBox] = [new(8060, MappingProtocol.Tcp), new(7000, MappingProtocol.Tcp), new(8080, MappingProtocol.Tcp)],
        [DeviceKind.IpCamera] = [new(554, MappingProtocol.Tcp), new(8000, MappingProtocol.Tcp), new(8554, MappingProtocol.Tcp)],
        [DeviceKind.Pc] = [new(3389, MappingProtocol.Tcp), new(22, MappingProtocol.Tcp), new(51413, MappingProtocol.Tcp)],
        [DeviceKind.GameConsole] = [new(3074, MappingProtocol.Udp), new(3478, MappingProtocol.Udp), new(9308, MappingProtocol.Tcp)],
    };

    /// <summary>Generates <paramref name="count"/> devices from <paramref name="seed"/>.</summary>
    /// <param name="count">How many devices.</param>
    /// <param name="seed">The seed; the same seed (and options) gives the same fleet, addresses aside.</param>
    /// <param name="allocateAddress">Gives each device its own LAN (loopback) address, called once per device in order.</param>
    /// <param name="options">The kind and strategy mix; null uses the defaults.</param>
    /// <returns>The devices, with unique ids of the form <c>kind-0001-abcdef</c>.</returns>
    public static IReadOnlyList<VirtualDeviceOptions> Generate(int count, int seed, Func<IPAddress> allocateAddress, FleetOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(allocateAddress);
        options ??= new FleetOptions();
        var faker = new Faker { Random = new Randomizer(seed) };
        var kinds = options.KindWeights.OrderBy(k => k.Key).ToArray();
        var strategies = options.StrategyWeights.OrderBy(s => s.Key).ToArray();
        var devices = new List<VirtualDeviceOptions>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = Pick(faker, kinds);
            var model = faker.PickRandom(Models[kind]);
            var service = faker.PickRandom(Services[kind]);
            var strategy = Pick(faker, strategies);
            var nic = faker.Random.Bytes(3);
            var id = string.Create(CultureInfo.InvariantCulture, $"{Slug(kind)}-{i + 1:D4}-{Convert.ToHexStringLower(nic)}");
            devices.Add(new VirtualDeviceOptions
            {
                Id = id,
                Key = faker.Random.Bytes(32),
                Address = allocateAddress(),
                Name = $"{faker.Name.FirstName()}'s {model.Name}",
                Kind = kind,
                Mac = $"{model.Oui}:{nic[0]:X2}:{nic[1]:X2}:{nic[2]:X2}",
                ServicePort = options.BindWellKnownPorts ? service.Port : 0,
                Protocol = service.Protocol,
                ExternalPort = service.Port,
                Strategies = strategy,
            });
        }

        return devices;
    }

    // Bogus's WeightedRandom expects weights that add up to 1; these are relative, so normalise them first.
    private static T Pick<T>(Faker faker, KeyValuePair<T, float>[] weighted)
    {
        var total = weighted.Sum(w => w.Value);
        if (weighted.Length == 0 || total <= 0)
        {
            throw new ArgumentException("the fleet options need at least one positive weight per mix");
        }

        return faker.Random.WeightedRandom(weighted.Select(w => w.Key).ToArray(), weighted.Select(w => w.Value / total).ToArray());
    }

    private static string Slug(DeviceKind kind) => kind switch
    {
        DeviceKind.Nas => "nas",
        DeviceKind.SetTopBox => "stb",
        DeviceKind.IpCamera => "cam",
        DeviceKind.Pc => "pc",
        DeviceKind.GameConsole => "console",
        _ => "device",
    };

    private sealed record Model(string Name, string Oui);

    private sealed record Service(int Port, MappingProtocol Protocol);
}
