using Npgsql;

namespace IgdLab.Prober.Registry;

/// <summary>Opens the registry's store from what <c>--db</c> names: a PostgreSQL connection string or an SQLite file.</summary>
internal static class RegistryStores
{
    /// <summary>
    /// Whether <paramref name="database"/> names a PostgreSQL database: a <c>postgres://</c> or <c>postgresql://</c>
    /// address, or a connection string in keyword form with a <c>Host=</c>. Anything else is an SQLite file name.
    /// </summary>
    public static bool IsPostgres(string? database) =>
        database is not null
        && (database.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || database.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || database.Split(';').Any(part => part.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The store <paramref name="database"/> names; null is an SQLite database in memory.</summary>
    public static IRegistryStore Open(string? database, int historyPerDevice) =>
        IsPostgres(database)
            ? new PostgresRegistryStore(ToConnectionString(database!), historyPerDevice)
            : new SqliteRegistryStore(database, historyPerDevice);

    /// <summary>What <paramref name="database"/> names, for people: the file, or the PostgreSQL database without its password.</summary>
    public static string Describe(string? database)
    {
        if (database is null)
        {
            return "in memory";
        }

        if (!IsPostgres(database))
        {
            return database;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(ToConnectionString(database));
            return $"PostgreSQL {builder.Username ?? "(default user)"}@{builder.Host}:{builder.Port}/{builder.Database ?? "(default database)"}";
        }
        catch (ArgumentException)
        {
            return "PostgreSQL (a connection string that does not parse)";
        }
    }

    /// <summary>
    /// A connection string in Npgsql's keyword form: a <c>postgres://user:password@host:port/database?key=value</c>
    /// address is taken apart (Npgsql reads only the keyword form; query parameters become keywords, so
    /// <c>?sslmode=require</c> works), a string in keyword form is checked and returned as given. No message repeats
    /// the string: it may hold a password.
    /// </summary>
    /// <exception cref="ArgumentException">The address, the string or one of its parameters is not valid.</exception>
    public static string ToConnectionString(string database)
    {
        if (!database.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                _ = new NpgsqlConnectionStringBuilder(database);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"the PostgreSQL connection string does not parse: {ex.Message}", nameof(database), ex);
            }

            return database;
        }

        if (!Uri.TryCreate(database, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("the --db value is not a PostgreSQL address (postgres://user:password@host:port/database)", nameof(database));
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host.Trim('[', ']') };
        if (!uri.IsDefaultPort && uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(path);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = value;
            }
            catch (Exception ex) when (ex is ArgumentException or FormatException or KeyNotFoundException)
            {
                throw new ArgumentException($"'{key}' in the PostgreSQL address: {ex.Message}", nameof(database), ex);
            }
        }

        return builder.ConnectionString;
    }
}
