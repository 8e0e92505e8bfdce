using IgdLab.Emulator.Measuring;
using IgdLab.Igd.Faults;

namespace IgdLab.Emulator.Tests.Measuring;

public sealed class IncidentAnalysisTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1.5);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static List<CheckObservation> Checks(string device, params (double At, bool Ok)[] checks) =>
        [.. checks.Select(c => new CheckObservation(S(c.At), device, c.Ok))];

    [Test]
    public void Analyze_DroppedMappingRestored_MeasuresLatenciesFromTheFault()
    {
        var observations = new RunObservations
        {
            Faults = [new FaultObservation(S(10), new DropMapping(), "gw1", ["nas"])],
            Checks = Checks("nas", (9, true), (10.01, false), (10.5, false), (11.2, false), (11.25, true), (12.25, true)),
            Detections = [new DeviceAct(S(10.3), "nas")],
            Instructions = [new DeviceAct(S(10.31), "nas")],
        };

        var analysis = IncidentAnalysis.Analyze(observations, Grace);

        var incident = analysis.Incidents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(incident.Broken, Is.True);
            Assert.That(incident.RemapLatency, Is.EqualTo(S(1.25)));
            Assert.That(incident.DetectionLatency, Is.EqualTo(S(0.3)).Within(TimeSpan.FromTicks(1)));
            Assert.That(incident.Instructions, Is.EqualTo(1));
            Assert.That(analysis.Outages.Single(), Is.EqualTo(new Outage("nas", S(10), S(11.25))));
            Assert.That(analysis.FalseRemaps, Is.Empty);
        });
    }

    [Test]
    public void Analyze_FaultThatDidNotBreakTheDevice_IsNotBrokenAndHasNoLatency()
    {
        var observations = new RunObservations
        {
            Faults = [new FaultObservation(S(5), new SoapError(), "gw1", ["pc"])],
            Checks = Checks("pc", (4, true), (5.01, true), (6, true)),
        };

        var incident = IncidentAnalysis.Analyze(observations, Grace).Incidents.Single();

        Assert.Multiple(() =>
        {
            Assert.That(incident.Broken, Is.False);
            Assert.That(incident.RemapLatency, Is.Null);
            Assert.That(incident.DetectionLatency, Is.Null);
        });
    }

    [Test]
    public void Analyze_RemovalTheOracleMissed_DoesNotAdoptAFailureMinutesLater()
    {
        // The gateway expired the mapping at 115 s and the device remapped before any check failed; the next failure,
        // two minutes on, belongs to the next expiry and must not make the first incident two minutes long.
        var observations = new RunObservations
        {
            Breakages = [new DeviceAct(S(115), "nas"), new DeviceAct(S(235.6), "nas")],
            Checks = Checks("nas", (114.9, true), (116, true), (200, true), (235.61, false), (236.3, true)),
            Instructions = [new DeviceAct(S(115.3), "nas"), new DeviceAct(S(236.2), "nas")],
        };

        var analysis = IncidentAnalysis.Analyze(observations, Grace);

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Incidents.Select(i => i.Broken), Is.EqualTo(new[] { false, true }));
            Assert.That(analysis.Incidents[1].RemapLatency, Is.EqualTo(S(0.7)).Within(TimeSpan.FromTicks(1)));
            Assert.That(analysis.Outages.Single(), Is.EqualTo(new Outage("nas", S(235.6), S(236.3))));
            Assert.That(analysis.FalseRemaps, Is.Empty);
        });
    }

    [Test]
    public void Analyze_NeverRestored_LeavesTheOutageOpen()
    {
        var observations = new RunObservations
        {
            Faults = [new FaultObservation(S(3), new Reboot(), "gw1", ["cam"])],
            Checks = Checks("cam", (2, true), (3.1, false), (8, false)),
        };

        var analysis = IncidentAnalysis.Analyze(observations, Grace);

        Assert.Multiple(() =>
        {
            Assert.That(analysis.Incidents.Single().Restored, Is.Null);
            Assert.That(analysis.Incidents.Single().RemapLatency, Is.Null);
            Assert.That(analysis.Outages.Single().End, Is.Null);
            Assert.That(analysis.Outages.Single().Length(S(10)), Is.EqualTo(S(7)));
        });
    }

    [Test]
    public void Analyze_FlapStorm_EachFaultHasItsLatencyAndTheOutageSpansThemAll()
    {
        var observations = new RunObservations
        {
            Faults =
            [
                new FaultObservation(S(10), new ChangeWanIp(), "gw1", ["stb"]),
                new FaultObservation(S(12), new ChangeWanIp(), "gw1", ["stb"]),
                new FaultObservation(S(14), new ChangeWanIp(), "gw1", ["stb"]),
            ],
            Checks = Checks("stb", (9, true), (10.05, false), (11, true), (12.05, false), (14.05, false), (15.5, true)),
        };

        var analysis = IncidentAnalysis.Analyze(observations, Grace);

        Assert.That(analysis.Incidents.Select(i => i.RemapLatency), Is.EqualTo(new TimeSpan?[] { S(1), S(3.5), S(1.5) }));
        Assert.That(analysis.Outages, Is.EqualTo(new[] { new Outage("stb", S(10), S(11)), new Outage("stb", S(12), S(15.5)) }));
    }

    [Test]
    public void Analyze_InstructionWhileNothingHappened_IsAFalseRemap()
    {
        var observations = new RunObservations
        {
            Faults = [new FaultObservation(S(10), new DropMapping(), "gw1", ["nas"])],
            Checks = Checks("nas", (1, true), (2, true), (10.01, false), (10.6, true), (20, true)),
            Instructions = [new DeviceAct(S(2.5), "nas"), new DeviceAct(S(10.2), "nas"), new DeviceAct(S(11.5), "nas"), new DeviceAct(S(19), "nas")],
        };

        var analysis = IncidentAnalysis.Analyze(observations, Grace);

        Assert.That(analysis.FalseRemaps.Select(r => r.At), Is.EqualTo(new[] { S(2.5), S(19) }), "11.5 s is within the grace after restoration");
    }

    [Test]
    public void Analyze_UnexplainedFailure_OpensAnOutageAtTheFailedCheck()
    {
        var observations = new RunObservations { Checks = Checks("pc", (1, true), (2, false), (2.05, false), (2.1, true)) };

        var analysis = IncidentAnalysis.Analyze(observations, Grace);

        Assert.That(analysis.Incidents, Is.Empty);
        Assert.That(analysis.Outages.Single(), Is.EqualTo(new Outage("pc", S(2), S(2.1))));
    }

    [Test]
    public void Analyze_GatewayRemovalWithoutAFault_IsAnIncidentFromTheRemoval()
    {
        var observations = new RunObservations
        {
            Breakages = [new DeviceAct(S(60), "cam")],
            Checks = Checks("cam", (59.5, true), (60.5, false), (61, true)),
            Detections = [new DeviceAct(S(60.7), "cam")],
        };

        var incident = IncidentAnalysis.Analyze(observations, Grace).Incidents.Single();

        Assert.Multiple(() =>
        {
            Assert.That(incident.Fault, Is.Null, "removed by the gateway, not by a fault");
            Assert.That(incident.FaultIndex, Is.Null);
            Assert.That(incident.RemapLatency, Is.EqualTo(S(1)));
            Assert.That(incident.DetectionLatency, Is.EqualTo(S(0.7)).Within(TimeSpan.FromTicks(1)));
        });
    }
}
