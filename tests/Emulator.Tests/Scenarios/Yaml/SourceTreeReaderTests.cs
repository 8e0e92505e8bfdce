using IgdLab.Emulator.Scenarios;
using IgdLab.Emulator.Scenarios.Yaml;

namespace IgdLab.Emulator.Tests.Scenarios.Yaml;

public sealed class SourceTreeReaderTests
{
    private static (SourceNode? Root, IReadOnlyList<string> Problems) Read(string yaml, YamlLimits? limits = null)
    {
        var diagnostics = new DiagnosticCollector("t.yaml");
        var root = SourceTreeReader.Read(yaml, diagnostics, limits ?? YamlLimits.Default);
        return (root, [.. diagnostics.Sorted().Select(d => d.ToString())]);
    }

    private static SourceNode Value(SourceNode node, string key) => ((SourceMapping)node).Find(key)!.Value;

    [Test]
    public void Read_NestedValues_KeepTheirLineAndColumn()
    {
        var (root, problems) = Read("""
            a: 1
            list:
              - x: "quoted"
                y: plain
            flow: { p: [1, 2] }
            """);

        Assert.That(problems, Is.Empty);
        Assert.That(Value(root!, "a").Position, Is.EqualTo(new SourcePosition(1, 4)));
        var item = ((SourceSequence)Value(root!, "list")).Items[0];
        Assert.That(item.Position, Is.EqualTo(new SourcePosition(3, 5)));
        var x = (SourceScalar)Value(item, "x");
        var y = (SourceScalar)Value(item, "y");
        Assert.That((x.Position, x.IsPlain), Is.EqualTo((new SourcePosition(3, 8), false)));
        Assert.That((y.Position, y.IsPlain), Is.EqualTo((new SourcePosition(4, 8), true)));
        var flow = (SourceSequence)Value(Value(root!, "flow"), "p");
        Assert.That(flow.Items.Select(i => i.Position), Is.EqualTo(new[] { new SourcePosition(5, 13), new SourcePosition(5, 16) }));
    }

    // Found by ScenarioYamlFuzzTests: YamlDotNet places the empty node of a bare '---' at 2:2, past the end of the text.
    [TestCase("---", 1, 4)]
    [TestCase("---\n", 2, 1)]
    [TestCase("--- \r\n", 2, 1)]
    public void Read_OnlyADocumentMarker_TheEmptyNodeIsInsideTheText(string yaml, int line, int column)
    {
        var (root, problems) = Read(yaml);

        Assert.That(problems, Is.Empty);
        Assert.That(root!.Position, Is.EqualTo(new SourcePosition(line, column)));
    }

    [TestCase("a:", true)]
    [TestCase("a: ~", true)]
    [TestCase("a: null", true)]
    [TestCase("a: ''", false)]
    [TestCase("a: !!str 42", false)]
    [TestCase("a: 42", false)]
    public void Read_Scalars_KnowWhetherTheyAreNull(string yaml, bool isNull)
    {
        var (root, _) = Read(yaml);

        Assert.That(((SourceScalar)Value(root!, "a")).IsNull, Is.EqualTo(isNull));
    }

    [Test]
    public void Read_StrTag_MakesAPlainScalarText()
    {
        var (root, _) = Read("a: !!str 42");

        Assert.That(((SourceScalar)Value(root!, "a")).IsPlain, Is.False);
    }

    [Test]
    public void Read_MergeKey_WrittenKeysWinThenEarlierSources()
    {
        var (root, problems) = Read("""
            one: &one { a: 1, b: 1 }
            two: &two { b: 2, c: 2 }
            merged:
              <<: [*one, *two]
              a: own
            """);

        Assert.That(problems, Is.Empty);
        var merged = (SourceMapping)Value(root!, "merged");
        Assert.That(merged.Entries.Select(e => $"{e.Key.Value}={((SourceScalar)e.Value).Value}"), Is.EqualTo(new[] { "a=own", "b=1", "c=2" }));
    }

    [Test]
    public void Read_MergeOfAScalar_IsReported()
    {
        var (_, problems) = Read("a: &x 1\nb:\n  <<: *x\n");

        Assert.That(problems, Is.EqualTo(new[] { "t.yaml:1:4: error: a merge key '<<' takes a mapping or a list of mappings, not '1'" }));
    }

    [Test]
    public void Read_ComplexKey_IsReported()
    {
        var (_, problems) = Read("? [a, b]\n: 1\n");

        Assert.That(problems, Is.EqualTo(new[] { "t.yaml:1:3: error: a key must be a name, not a list" }));
    }

    [Test]
    public void Read_AliasesWithinTheBudget_AreSharedNotCopied()
    {
        var (root, problems) = Read("a: &a [1, 2, 3]\nb: *a\n", new YamlLimits { MaxNodes = 12 });

        Assert.That(problems, Is.Empty);
        Assert.That(Value(root!, "b"), Is.SameAs(Value(root!, "a")));
    }

    [Test]
    public void Read_AliasesOverTheBudget_StopAtTheAlias()
    {
        var (root, problems) = Read("a: &a [1, 2, 3]\nb: *a\nc: *a\n", new YamlLimits { MaxNodes = 12 });

        Assert.That(root, Is.Null);
        Assert.That(problems, Is.EqualTo(new[]
        {
            "t.yaml:3:4: error: the document expands to more than 12 YAML nodes (aliases count at their full size); a scenario is far smaller",
        }));
    }
}
