using System.Text.Json;

namespace IgdLab.Emulator.Reports;

/// <summary>The <c>--json</c> report: the whole <see cref="RunReport"/>, timeline included (see <see cref="ReportJson"/> for the shape).</summary>
internal sealed class JsonReportWriter : IReportWriter
{
    /// <inheritdoc/>
    public void Write(RunReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        JsonSerializer.Serialize(stream, report, ReportJson.Options);
    }

    /// <summary>Reads a report written by <see cref="Write"/> back (e.g. to compare two runs); throws <see cref="JsonException"/> on a malformed one.</summary>
    public static RunReport Read(Stream stream) =>
        JsonSerializer.Deserialize<RunReport>(stream, ReportJson.Options) ?? throw new JsonException("the report is empty (null)");
}
