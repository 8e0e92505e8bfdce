namespace IgdLab.Emulator.World.Namespaces;

/// <summary>The outcome of an external command (ip, nft, miniupnpd, upnpc).</summary>
/// <param name="ExitCode">The exit code; -1 when the command was killed after its timeout.</param>
/// <param name="StandardOutput">What it wrote to standard output.</param>
/// <param name="StandardError">What it wrote to standard error.</param>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for messages.</summary>
    public string Combined => StandardOutput + StandardError;
}
