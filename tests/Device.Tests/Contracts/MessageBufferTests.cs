using IgdLab.Contracts.Control;

namespace IgdLab.Device.Tests.Contracts;

public sealed class MessageBufferTests
{
    [Test]
    public void After_GrowsByDoublingOnlyWhenFull_UpToTheLimit_ThenShrinks()
    {
        var buffer = new MessageBuffer(5000);
        var sizes = new List<int>();
        var used = 0;
        while (buffer.After(used) is { Length: > 0 } free)
        {
            sizes.Add(used + free.Length);
            free.Span.Fill((byte)'x');
            used += free.Length;
        }

        Assert.That(sizes, Is.EqualTo(new[] { 1024, 2048, 4096, 5000 }));
        Assert.That(buffer.Message(used).Length, Is.EqualTo(5000), "a message of exactly the limit fits");
        Assert.That(buffer.Message(used).ToArray(), Is.All.EqualTo((byte)'x'), "growing keeps what was received");

        buffer.Shrink();

        Assert.That(buffer.After(0).Length, Is.EqualTo(1024));
    }

    [Test]
    public void ASmallLimit_IsTheWholeBuffer()
    {
        var buffer = new MessageBuffer(100);

        Assert.That(buffer.After(0).Length, Is.EqualTo(100));
        Assert.That(buffer.After(100).Length, Is.Zero);
    }
}
