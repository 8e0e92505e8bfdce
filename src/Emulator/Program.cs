using IgdLab.Emulator.Cli;

namespace IgdLab.Emulator;

internal static class Program
{
    public static Task<int> Main(string[] args) => IgdlabCommandLine.InvokeAsync(args);
}
