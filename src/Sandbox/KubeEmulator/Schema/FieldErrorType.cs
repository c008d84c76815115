namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>The kinds of field error the API server reports as <c>details.causes[].reason</c>.</summary>
public enum FieldErrorType
{
    Invalid,
    Required,
    NotSupported,
    Forbidden,
    TypeInvalid,
    TooLong,
    TooMany,
    Duplicate,
}
