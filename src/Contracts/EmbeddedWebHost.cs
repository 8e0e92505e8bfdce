using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace IgdLab.Contracts;

/// <summary>
/// The web hosts IgdLab embeds (a gateway's HTTP side, the watchdog's API, a device's GENA listener, a gateway's
/// control API): Kestrel and routing only.
/// </summary>
/// <remarks>
/// A default or slim builder reads <c>appsettings.json</c> with reload-on-change, which watches its content root (the
/// working directory) recursively: a world of 20 gateways started from <c>/tmp</c> watched 26,000 directories and ran the
/// system out of file handles. These hosts take no configuration from files or the environment; what they listen on
/// is set in code.
/// </remarks>
public static class EmbeddedWebHost
{
    /// <summary>A builder with nothing but Kestrel and routing.</summary>
    /// <param name="configureKestrel">Listeners and limits.</param>
    /// <returns>The builder, for services and <see cref="WebApplicationBuilder.Build"/>.</returns>
    public static WebApplicationBuilder CreateBuilder(Action<KestrelServerOptions> configureKestrel)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(configureKestrel);
        builder.Services.AddRoutingCore();
        return builder;
    }
}
