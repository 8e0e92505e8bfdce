using IgdLab.Igd.Gena;

namespace IgdLab.Igd.Tests.Gena;

public sealed class GenaSequenceTests
{
    [Test]
    public void Next_Initial_ReturnsOne() => Assert.That(GenaSequence.Next(GenaSequence.Initial), Is.EqualTo(1));

    [Test]
    public void Next_Ordinary_AddsOne() => Assert.That(GenaSequence.Next(41), Is.EqualTo(42));

    [Test]
    public void Next_MaxValue_WrapsToOneNotZero() => Assert.That(GenaSequence.Next(4294967295), Is.EqualTo(1));
}
