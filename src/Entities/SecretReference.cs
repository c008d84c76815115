using System.ComponentModel;
using AtlasRestoreOperator.Entities.Schema;

namespace AtlasRestoreOperator.Entities;

/// <summary>A Secret in the object's own namespace.</summary>
public sealed record SecretReference
{
    [Required]
    [Length(1, 253)]
    [Description("Name of a Secret in the same namespace holding publicApiKey + privateApiKey, or clientId + clientSecret.")]
    public string Name { get; init; } = "";
}
