namespace IgdLab.Emulator.Reports;

/// <summary>Turns a run's results into one file format (JSON, JUnit XML, HTML).</summary>
internal interface IReportWriter
{
    /// <summary>Writes the whole report to <paramref name="stream"/>, leaving it open.</summary>
    void Write(RunReport report, Stream stream);
}
