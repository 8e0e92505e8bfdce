namespace IgdLab.TestUtilities;

/// <summary>A folder of its own for one test, deleted with everything in it when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates an empty folder in the system's temporary folder, its name starting with <paramref name="prefix"/>.</summary>
    public TempFolder(string prefix) => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="parts"/> below the folder (nothing is created).</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> below the folder, creating its subfolders; returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = Combine(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}

/// <summary>A fixture whose every test gets a fresh <see cref="TempFolder"/>, deleted after the test.</summary>
/// <param name="prefix">How the folders' names start.</param>
public abstract class TempFolderFixture(string prefix)
{
    /// <summary>This test's folder.</summary>
    protected TempFolder Folder { get; private set; } = null!;

    /// <summary>Creates the test's folder.</summary>
    [SetUp]
    public void CreateFolder() => Folder = new TempFolder(prefix);

    /// <summary>Deletes the test's folder and everything in it.</summary>
    [TearDown]
    public void DeleteFolder() => Folder.Dispose();
}
