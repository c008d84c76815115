namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>The expression forms of the supported CEL subset.</summary>
internal enum CelNodeKind
{
    Self,
    OldSelf,
    Literal,
    Member,
    Has,
    Size,
    Not,
    Negate,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
    OptionalHasValue,
    OptionalValue,
    OptionalOrValue,
}
