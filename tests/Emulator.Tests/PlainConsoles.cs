using Spectre.Console;

namespace IgdLab.Emulator.Tests;

/// <summary>Consoles without colours or ANSI codes for tests, writing where the test can read (or nowhere).</summary>
internal static class PlainConsoles
{
    /// <summary>A console that writes plain text to <paramref name="writer"/>; null discards it.</summary>
    public static IAnsiConsole To(TextWriter? writer) => Create(new AnsiConsoleOutput(writer ?? TextWriter.Null));

    /// <summary>A console with its output as given (e.g. a terminal of a set width).</summary>
    public static IAnsiConsole Create(IAnsiConsoleOutput output) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = output,
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
    });
}
