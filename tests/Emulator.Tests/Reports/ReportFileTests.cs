using System.Xml.Linq;
using IgdLab.Emulator.Reports;

namespace IgdLab.Emulator.Tests.Reports;

public sealed class ReportFileTests
{
    private string _folder = "";

    [SetUp]
    public void CreateFolder() => _folder = Path.Combine(Path.GetTempPath(), "igdlab-report-" + Guid.NewGuid().ToString("N"));

    [TearDown]
    public void DeleteFolder()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Test]
    public void Write_MissingFolder_CreatesItAndLeavesOnlyTheReport()
    {
        var path = Path.Combine(_folder, "out", "junit.xml");

        new JUnitReportWriter().Write(ReportSamples.Run(), path);

        Assert.That(XDocument.Load(path).Descendants("testcase").Count(), Is.EqualTo(5));
        Assert.That(Directory.GetFiles(Path.Combine(_folder, "out")), Is.EqualTo(new[] { path }));
    }

    [Test]
    public void Write_ExistingFile_ReplacesIt()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "report.json");
        File.WriteAllText(path, new string('x', 100_000));

        new JsonReportWriter().Write(ReportSamples.Of(ReportSamples.Passed()), path);

        using var stream = File.OpenRead(path);
        Assert.That(JsonReportWriter.Read(stream).Scenarios.Single().Name, Is.EqualTo("one-mapping-dropped"));
    }

    [Test]
    public void Write_WriterThrows_LeavesNoPartialFile()
    {
        Directory.CreateDirectory(_folder);
        var path = Path.Combine(_folder, "report.html");

        Assert.That(() => new FailingWriter().Write(ReportSamples.Run(), path), Throws.InvalidOperationException);
        Assert.That(Directory.GetFiles(_folder), Is.Empty);
    }

    private sealed class FailingWriter : IReportWriter
    {
        public void Write(RunReport report, Stream stream)
        {
            stream.Write("<html>"u8);
            throw new InvalidOperationException("disk full");
        }
    }
}
