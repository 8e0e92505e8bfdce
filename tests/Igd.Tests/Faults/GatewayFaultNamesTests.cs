using IgdLab.Igd.Faults;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Tests.Faults;

public sealed class GatewayFaultNamesTests
{
    [Test]
    public void TryCreate_EveryName_MakesARecordThatNamesItselfSo()
    {
        foreach (var name in GatewayFaultNames.Names)
        {
            Assert.That(GatewayFaultNames.TryCreate(new FaultSettings { Action = name }, out var fault), Is.True, name);
            Assert.That(fault!.Name, Is.EqualTo(name));
            Assert.That(GatewayFaultNames.TypeOf(name), Is.EqualTo(fault.GetType()));
        }
    }

    [Test]
    public void Names_EveryFaultRecord_HasExactlyOneRow()
    {
        var records = typeof(GatewayFault).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(GatewayFault)) && !t.IsAbstract);

        Assert.That(GatewayFaultNames.Names.Select(GatewayFaultNames.TypeOf), Is.EquivalentTo(records));
    }

    [Test]
    public void TryCreate_UnknownAction_IsRefused()
    {
        Assert.That(GatewayFaultNames.TryCreate(new FaultSettings { Action = "explode" }, out var fault), Is.False);
        Assert.That(fault, Is.Null);
    }

    [Test]
    public void TryCreate_SoapError_TakesOnlyItsSettings()
    {
        var settings = new FaultSettings { Action = "soap-error", SoapAction = "AddPortMapping", Code = 718, Count = 2, Downtime = TimeSpan.FromSeconds(5) };

        GatewayFaultNames.TryCreate(settings, out var fault);

        Assert.That(fault, Is.EqualTo(new SoapError { SoapAction = "AddPortMapping", Code = 718, Count = 2 }));
    }

    [Test]
    public void TryCreate_ZombieMapping_CarriesPortAndProtocol()
    {
        GatewayFaultNames.TryCreate(new FaultSettings { Action = "zombie-mapping", Port = 4000, Protocol = MappingProtocol.Udp }, out var fault);

        Assert.That(fault, Is.EqualTo(new ZombieMapping { Port = 4000, Protocol = MappingProtocol.Udp }));
    }
}
