using System.Runtime.Serialization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace IgdLab.Igd.Profiles;

/// <summary>
/// Shapes a profile file without the profile records knowing of it: a top-level <c>kind: profile</c> key (written
/// first, accepted on reading, any other value refused) and only settable members, so that computed properties such as
/// <see cref="RouterProfile.EffectiveConflictErrorCode"/> never reach a file that could not be read back.
/// </summary>
internal sealed class ProfileFileTypeInspector(ITypeInspector inner) : ITypeInspector
{
    private static readonly IPropertyDescriptor KindProperty = new KindDescriptor();

    public IEnumerable<IPropertyDescriptor> GetProperties(Type type, object? container)
    {
        var settable = inner.GetProperties(type, container).Where(p => p.CanWrite);
        return type == typeof(RouterProfile) ? settable.Prepend(KindProperty) : settable;
    }

    public IPropertyDescriptor GetProperty(Type type, object? container, string name, bool ignoreUnmatched, bool caseInsensitivePropertyMatching) =>
        type == typeof(RouterProfile) && name == KindProperty.Name
            ? KindProperty
            : inner.GetProperty(type, container, name, ignoreUnmatched, caseInsensitivePropertyMatching);

    public string GetEnumName(Type enumType, string name) => inner.GetEnumName(enumType, name);

    public string GetEnumValue(object enumValue) => inner.GetEnumValue(enumValue);

    public bool HasParseMethod(Type type) => inner.HasParseMethod(type);

    public object? Parse(string value, Type type) => inner.Parse(value, type);

    /// <summary>The <c>kind</c> key: always <c>profile</c>, stored nowhere.</summary>
    private sealed class KindDescriptor : IPropertyDescriptor
    {
        public string Name => "kind";

        public bool AllowNulls => false;

        public bool CanWrite => true;

        public Type Type => typeof(string);

        public Type? TypeOverride { get; set; }

        public int Order { get; set; } = int.MinValue;

        public ScalarStyle ScalarStyle { get; set; } = ScalarStyle.Any;

        public bool Required => false;

        public Type? ConverterType => null;

        public T? GetCustomAttribute<T>()
            where T : Attribute => null;

        public IObjectDescriptor Read(object target) => new ObjectDescriptor(RouterProfileYaml.Kind, typeof(string), typeof(string), ScalarStyle.Plain);

        public void Write(object target, object? value)
        {
            if (!string.Equals(value as string, RouterProfileYaml.Kind, StringComparison.Ordinal))
            {
                // Reported by YamlDotNet at the key, with its line and column.
                throw new SerializationException($"kind: a router profile file says 'kind: {RouterProfileYaml.Kind}', not '{value}'");
            }
        }
    }
}
