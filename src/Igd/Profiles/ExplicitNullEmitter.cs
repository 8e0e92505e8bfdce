using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.EventEmitters;

namespace IgdLab.Igd.Profiles;

/// <summary>Writes an unset value as <c>null</c> rather than an empty scalar, so that a reader sees it was left unset.</summary>
internal sealed class ExplicitNullEmitter(IEventEmitter next) : ChainedEventEmitter(next)
{
    public override void Emit(ScalarEventInfo eventInfo, IEmitter emitter)
    {
        ArgumentNullException.ThrowIfNull(eventInfo);
        if (eventInfo.Source.Value is null)
        {
            eventInfo.RenderedValue = "null";
            eventInfo.Style = ScalarStyle.Plain;
        }

        base.Emit(eventInfo, emitter);
    }
}
