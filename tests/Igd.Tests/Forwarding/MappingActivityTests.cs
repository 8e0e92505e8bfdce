using IgdLab.Igd.Forwarding;
using Microsoft.Extensions.Time.Testing;

namespace IgdLab.Igd.Tests.Forwarding;

public sealed class MappingActivityTests
{
    [Test]
    public void Last_NoTraffic_IsNull()
    {
        var activity = new MappingActivity(new FakeTimeProvider());

        Assert.That(activity.Last, Is.Null);
        Assert.That(activity.Count, Is.Zero);
    }

    [Test]
    public void Touch_AsTimePasses_CountsAndKeepsLatestStamp()
    {
        var time = new FakeTimeProvider();
        var activity = new MappingActivity(time);

        activity.Touch();
        time.Advance(TimeSpan.FromSeconds(30));
        activity.Touch();

        Assert.That(activity.Count, Is.EqualTo(2));
        Assert.That(activity.Last, Is.EqualTo(time.GetUtcNow()));
    }
}
