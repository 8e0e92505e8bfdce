using IgdLab.Emulator.Running;

namespace IgdLab.Emulator.Tests.Running;

public sealed class RunShardTests
{
    [TestCase("1/1", 1, 1)]
    [TestCase("2/4", 2, 4)]
    [TestCase("4/4", 4, 4)]
    public void TryParse_IOfN_GivesTheShard(string text, int index, int count)
    {
        var parsed = RunShard.TryParse(text, out var shard, out var problem);

        Assert.That(parsed, Is.True, problem);
        Assert.That(shard, Is.EqualTo(new RunShard(index, count)));
        Assert.That(shard!.ToString(), Is.EqualTo(text));
    }

    [TestCase("0/4", "--shard 0/4: shards are counted from 1 to 4")]
    [TestCase("5/4", "--shard 5/4: shards are counted from 1 to 4")]
    [TestCase("1/0", "--shard 1/0: there must be at least 1 shard")]
    [TestCase("x", "--shard must be " + RunShard.Form + ", not 'x'")]
    [TestCase("2/", "--shard must be " + RunShard.Form + ", not '2/'")]
    [TestCase("-1/4", "--shard must be " + RunShard.Form + ", not '-1/4'")]
    [TestCase("1/2/3", "--shard must be " + RunShard.Form + ", not '1/2/3'")]
    public void TryParse_BadValue_SaysWhy(string text, string expected)
    {
        var parsed = RunShard.TryParse(text, out var shard, out var problem);

        Assert.That(parsed, Is.False);
        Assert.That(shard, Is.Null);
        Assert.That(problem, Is.EqualTo(expected));
    }

    [Test]
    public void Holds_UsesFnv1aOfTheName_TheSameOnEveryMachine()
    {
        // FNV-1a("a") = 0xe40c292c, which is 5 modulo 7; string.GetHashCode would differ from process to process.
        Assert.That(Enumerable.Range(1, 7).Where(i => new RunShard(i, 7).Holds("a")), Is.EqualTo(new[] { 6 }));
        Assert.That(Enumerable.Range(1, 7).Where(i => new RunShard(i, 7).Holds("foobar")), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void Holds_OneShard_HoldsEveryName()
    {
        Assert.That(new RunShard(1, 1).Holds("anything"), Is.True);
    }
}
