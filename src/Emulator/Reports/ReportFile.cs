namespace IgdLab.Emulator.Reports;

/// <summary>Writes reports to files, the way <c>--json</c>, <c>--junit</c> and <c>--html</c> ask for them.</summary>
internal static class ReportFile
{
    /// <summary>
    /// Writes <paramref name="report"/> to <paramref name="path"/>, creating its folder. The file is written beside
    /// the target and then moved over it, so a CI job never picks up half a report from an interrupted run.
    /// </summary>
    public static void Write(this IReportWriter writer, RunReport report, string path)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var temporary = full + ".partial";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                writer.Write(report, stream);
            }

            File.Move(temporary, full, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
