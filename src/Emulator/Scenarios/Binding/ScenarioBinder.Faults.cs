using IgdLab.Emulator.Scenarios.Yaml;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Scenarios.Binding;

/// <summary>The fault schedule.</summary>
internal sealed partial class ScenarioBinder
{
    private ScenarioFault BindFault(SourceMapping mapping, string path, IReadOnlyList<ScenarioGateway> gateways, IReadOnlyList<ScenarioDevice> devices)
    {
        var reader = new MappingReader(mapping, path, ScenarioKeys.Fault, context, "a fault");
        var schedule = new FaultSchedule
        {
            At = reader.Duration("at"),
            Every = reader.Duration("every"),
            From = reader.Duration("from"),
            Until = reader.Duration("until"),
            Count = reader.Integer("count"),
            Jitter = reader.Duration("jitter") ?? TimeSpan.Zero,
            Probability = reader.Number("probability") ?? 1,
        };
        var action = reader.Word("action", ScenarioVocabulary.FaultActions, "fault action", required: true);
        var deviceId = reader.Text("device");
        var targetName = reader.Word("target", [.. ScenarioVocabulary.TargetNames.Keys], "target");
        var percent = reader.Number("percent");
        var calls = reader.Integer("calls");
        var lasting = reader.Duration("for");
        if (action is not null && ProberFault.Names.Contains(action))
        {
            // The watchdog's own faults need no gateway; one written is reported by the validator.
            return reader.Register(new ScenarioFault
            {
                Schedule = schedule,
                Gateway = reader.Text("gateway") ?? "",
                Fault = null,
                Prober = new ProberFault { Kill = action == ProberFault.KillName, Instance = reader.Integer("instance"), Downtime = reader.Duration("downtime") },
                Calls = calls,
                For = lasting,
            });
        }

        // Read once into the shared settings; the name table makes the typed fault from them.
        var settings = new FaultSettings
        {
            Action = action ?? "",
            Downtime = reader.Duration("downtime") ?? TimeSpan.Zero,
            NewWanIp = reader.Boolean("newWanIp") ?? false,
            NewHttpPort = reader.Boolean("newHttpPort"),
            SoapAction = reader.Word("soapAction", SoapError.KnownSoapActions, "SOAP action"),
            Code = reader.Integer("code") ?? UpnpErrorCode.ActionFailed,
            Count = ScenarioFault.SoapErrorCount(calls, lasting),
            Delay = reader.Duration("delay") ?? TimeSpan.Zero,
            Direction = reader.Word("direction", [.. ScenarioVocabulary.PartitionDirections.Keys], "partition direction") is { } direction
                ? ScenarioVocabulary.PartitionDirections[direction]
                : PartitionDirection.Both,
        };
        GatewayFaultNames.TryCreate(settings, out var fault);
        // percent picks devices for a device-level action, and a group's gateways for a gateway-level one.
        var deviceLevel = fault is MappingFault;
        var target = deviceId is not null ? FaultTarget.Device(deviceId)
            : targetName is not null ? ScenarioVocabulary.TargetNames[targetName]
            : percent is { } share && deviceLevel ? FaultTarget.Share(share)
            : fault is MappingFault ? FaultTarget.RandomDevice
            : FaultTarget.Gateway;
        return reader.Register(new ScenarioFault
        {
            Schedule = schedule,
            Gateway = reader.Text("gateway") ?? InferGateway(reader, deviceId, gateways, devices),
            Target = target,
            GatewayPercent = deviceLevel ? null : percent,
            Fault = fault,
            Calls = calls,
            For = lasting,
        });
    }

    /// <summary>A fault without <c>gateway</c> happens on its device's gateway, or on the only gateway there is.</summary>
    private static string InferGateway(MappingReader reader, string? deviceId, IReadOnlyList<ScenarioGateway> gateways, IReadOnlyList<ScenarioDevice> devices)
    {
        if (deviceId is not null)
        {
            if (devices.FirstOrDefault(d => d.Id == deviceId) is { } device)
            {
                return device.Gateway;
            }

            // The unknown device is reported by the validator; one message is enough.
            reader.MarkFailed("gateway");
            return "";
        }

        // A group counts as one gateway here: a fault without gateway in a world of one group hits the group.
        var names = gateways.Select(g => g.Group ?? g.Id).Distinct(StringComparer.Ordinal).ToList();
        if (names.Count == 1)
        {
            return names[0];
        }

        if (names.Count == 0)
        {
            reader.MarkFailed("gateway");
        }
        else
        {
            reader.Fail("gateway", $"missing; the scenario has more than one gateway ({string.Join(", ", names)}), so name one");
        }

        return "";
    }
}
