using IgdLab.Device.Devices;
using IgdLab.Device.PortControl;
using IgdLab.Device.Upnp.Soap;
using IgdLab.Emulator.Scenarios.Yaml;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>Listed devices, generated fleets, comparison variants and the strategy settings they share.</summary>
internal sealed partial class ScenarioBinder
{
    private const string GenerateKey = "generate";

    private (List<ScenarioDevice> Devices, List<ScenarioDeviceFleet> Fleets) BindDevices(MappingReader root, MappingStrategyKinds strategy)
    {
        var devices = new List<ScenarioDevice>();
        var fleets = new List<ScenarioDeviceFleet>();
        ForEachMapping(root, "devices", required: true, "a device with id and gateway, or generate: N", (mapping, path) =>
        {
            if (mapping.Find(GenerateKey) is not null)
            {
                fleets.Add(BindFleet(mapping, path, strategy));
            }
            else
            {
                devices.Add(BindDevice(mapping, path, strategy));
            }
        });
        return (devices, fleets);
    }

    private ScenarioDevice BindDevice(SourceMapping mapping, string path, MappingStrategyKinds scenarioStrategy)
    {
        var reader = new MappingReader(mapping, path, ScenarioKeys.Device, context, "a listed device", [GenerateKey]);
        var id = reader.Text("id", required: true) ?? "";
        var gateway = reader.Text("gateway", required: true) ?? "";
        var kind = reader.Word("kind", [.. ScenarioVocabulary.DeviceKinds.Keys], "device kind");
        var service = Flattened(reader, "service", ScenarioKeys.Service, s => (Protocol: s.Word("protocol", ScenarioVocabulary.Protocols, "protocol"), Port: s.Integer("port")));
        var (strategy, settings) = BindStrategy(reader, required: false);
        return reader.Register(new ScenarioDevice
        {
            Id = id,
            Gateway = gateway,
            Kind = kind is null ? null : ScenarioVocabulary.DeviceKinds[kind],
            Protocol = MappingProtocolText.TryParse(service.Protocol, caseSensitive: true, out var protocol) ? protocol : MappingProtocol.Tcp,
            ServicePort = service.Port,
            ExternalPort = reader.Integer("externalPort"),
            Mapping = MappingMethodText.TryParse(reader.Word("mapping", ScenarioVocabulary.MappingMethods, "mapping method"), out var method) ? method : MappingMethod.Upnp,
            Strategy = strategy ?? scenarioStrategy,
            Settings = settings,
        });
    }

    private ScenarioDeviceFleet BindFleet(SourceMapping mapping, string path, MappingStrategyKinds scenarioStrategy)
    {
        var reader = new MappingReader(mapping, path, ScenarioKeys.Fleet, context, "a generated fleet", ["id"]);
        var count = reader.Integer(GenerateKey, required: true) ?? 0;
        var gateway = reader.Text("gateway", required: true) ?? "";
        var kinds = Words(reader, "kinds", ScenarioVocabulary.DeviceKinds, "device kind");

        var mappingWord = reader.Word("mapping", [.. ScenarioVocabulary.MappingMethods, ScenarioVocabulary.MixedMapping], "mapping method");
        MappingMethod? fleetMapping = mappingWord == ScenarioVocabulary.MixedMapping ? null
            : MappingMethodText.TryParse(mappingWord, out var method) ? method : MappingMethod.Upnp;

        // A fleet mixes strategies only when told to (strategy: mixed); otherwise it is the scenario's, like a listed device.
        var mixed = mapping.Find("strategy")?.Value is SourceScalar { Value: ScenarioVocabulary.MixedStrategy };
        var (strategy, settings) = BindStrategy(reader, required: false, skipStrategy: mixed);
        return reader.Register(new ScenarioDeviceFleet
        {
            Count = count,
            Gateway = gateway,
            Kinds = kinds,
            Mapping = fleetMapping,
            Strategy = mixed ? null : strategy ?? scenarioStrategy,
            Settings = settings,
        });
    }

    private StrategyVariant BindVariant(SourceMapping mapping, string path)
    {
        var reader = new MappingReader(mapping, path, ScenarioKeys.Variant, context, "a strategy variant");
        var name = reader.Text("name", required: true) ?? "";
        var (strategy, settings) = BindStrategy(reader, required: true);
        var expect = Nested(reader, "expect", ScenarioKeys.Expect, BindExpectations);
        return reader.Register(new StrategyVariant { Name = name, Strategy = strategy ?? MappingStrategyKinds.None, Settings = settings, Expect = expect });
    }

    private (MappingStrategyKinds? Strategy, StrategySettings Settings) BindStrategy(MappingReader reader, bool required, bool skipStrategy = false)
    {
        var strategy = skipStrategy ? null : reader.Value<MappingStrategyKinds>("strategy", required, ParseStrategy);
        var lease = reader.Duration("lease");
        var renewEvery = Flattened(reader, "renew", ScenarioKeys.Renew, r => r.Duration("every"));
        var pollEvery = Flattened(reader, "poll", ScenarioKeys.Poll, r => r.Duration("every"));
        var retryDelay = Flattened(reader, "events", ScenarioKeys.Events, r => r.Duration("retryDelay"));
        var settings = new StrategySettings { Lease = lease };
        if (renewEvery is { } every)
        {
            settings = settings with { Renew = settings.Renew with { Interval = every } };
        }

        if (pollEvery is { } interval)
        {
            settings = settings with { Poll = settings.Poll with { Interval = interval } };
        }

        if (retryDelay is { } delay)
        {
            settings = settings with { Events = settings.Events with { RetryDelay = delay } };
        }

        return (strategy, settings);
    }

    private static string? ParseStrategy(SourceNode node, out MappingStrategyKinds kinds)
    {
        kinds = MappingStrategyKinds.None;
        if (ScalarConversions.ToText(node, out var text) is { } problem)
        {
            return problem;
        }

        return ScenarioVocabulary.TryParseStrategy(text, out kinds, out var why) ? null : why;
    }
}
