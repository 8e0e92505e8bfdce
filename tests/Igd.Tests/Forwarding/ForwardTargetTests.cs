using System.Net;
using IgdLab.Igd.Forwarding;
using IgdLab.Igd.Mapping;

namespace IgdLab.Igd.Tests.Forwarding;

public sealed class ForwardTargetTests
{
    private static readonly IPAddress Peer = IPAddress.Parse("127.78.1.2");

    [Test]
    public void Admits_EmptyRemoteHost_AdmitsEveryone()
    {
        var target = ForwardTarget.For(Mapping(""));

        Assert.That(target.Admits(Peer), Is.True);
        Assert.That(target.Admits(IPAddress.Parse("127.78.9.9")), Is.True);
    }

    [Test]
    public void Admits_RemoteHostSet_AdmitsOnlyThatAddressIncludingItsMappedForm()
    {
        var target = ForwardTarget.For(Mapping(" 127.78.1.2 "));

        Assert.That(target.Admits(Peer), Is.True);
        Assert.That(target.Admits(Peer.MapToIPv6()), Is.True);
        Assert.That(target.Admits(IPAddress.Parse("127.78.1.3")), Is.False);
    }

    [Test]
    public void Admits_HostNameAsRemoteHost_AdmitsNobody()
    {
        var target = ForwardTarget.For(Mapping("example.invalid"));

        Assert.That(target.AdmitsNobody, Is.True);
        Assert.That(target.Admits(Peer), Is.False);
    }

    [Test]
    public void Equals_SameClientPortAndRemoteHost_Equal()
    {
        Assert.That(ForwardTarget.For(Mapping("")), Is.EqualTo(ForwardTarget.For(Mapping("") with { LeaseSeconds = 60 })));
        Assert.That(ForwardTarget.For(Mapping("")), Is.Not.EqualTo(ForwardTarget.For(Mapping("") with { InternalPort = 81 })));
    }

    private static PortMapping Mapping(string remoteHost) => new()
    {
        ExternalPort = 8080,
        Protocol = MappingProtocol.Tcp,
        InternalClient = IPAddress.Parse("127.78.0.10"),
        InternalPort = 80,
        RemoteHost = remoteHost,
    };
}
