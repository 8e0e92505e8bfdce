using System.Net;
using IgdLab.Prober.Control;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Prober.Tests.Control;

public sealed class AuthenticationFailuresTests
{
    private static readonly IPAddress Guesser = IPAddress.Parse("127.0.0.9");

    [Test]
    public void AnAddressAtTheLimit_WaitsForTheEndOfItsWindow_ThenStartsAfresh()
    {
        var time = new FakeTimeProvider();
        var failures = new AuthenticationFailures(3, TimeSpan.FromMinutes(1), time);

        failures.Failed(Guesser);
        failures.Failed(Guesser);
        Assert.That(failures.RetryAfter(Guesser), Is.EqualTo(TimeSpan.Zero), "two of three");
        time.Advance(TimeSpan.FromSeconds(20));
        failures.Failed(Guesser);

        Assert.That(failures.RetryAfter(Guesser), Is.EqualTo(TimeSpan.FromSeconds(40)), "the window began with the first failure");
        time.Advance(TimeSpan.FromSeconds(40));
        Assert.That(failures.RetryAfter(Guesser), Is.EqualTo(TimeSpan.Zero));
        failures.Failed(Guesser);
        Assert.That(failures.RetryAfter(Guesser), Is.EqualTo(TimeSpan.Zero), "a new window counts from one");
    }

    [Test]
    public void Addresses_AreCountedApart_AndAMappedIPv4AddressIsItsIPv4Address()
    {
        var failures = new AuthenticationFailures(1, TimeSpan.FromMinutes(1), new FakeTimeProvider());

        failures.Failed(Guesser.MapToIPv6());

        Assert.That(failures.RetryAfter(Guesser), Is.GreaterThan(TimeSpan.Zero));
        Assert.That(failures.RetryAfter(IPAddress.Parse("127.0.0.10")), Is.EqualTo(TimeSpan.Zero));
        Assert.That(failures.RetryAfter(null), Is.EqualTo(TimeSpan.Zero), "no address (an in-memory test connection) is never refused");
    }
}
