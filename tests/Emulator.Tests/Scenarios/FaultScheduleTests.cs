using IgdLab.Emulator.Scenarios;

namespace IgdLab.Emulator.Tests.Scenarios;

public sealed class FaultScheduleTests
{
    [Test]
    public void FirstFiring_IsAtOrFromOrOneIntervalAfterTheStart()
    {
        Assert.That(new FaultSchedule { At = TimeSpan.FromSeconds(1) }.FirstFiring, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(new FaultSchedule { Every = TimeSpan.FromSeconds(15) }.FirstFiring, Is.EqualTo(TimeSpan.FromSeconds(15)));
        Assert.That(new FaultSchedule { Every = TimeSpan.FromSeconds(15), From = TimeSpan.FromSeconds(20) }.FirstFiring, Is.EqualTo(TimeSpan.FromSeconds(20)));
    }
}
