namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Schema;

/// <summary>Tokens of the CEL subset this emulator evaluates.</summary>
internal enum CelTokenKind
{
    Identifier,
    Integer,
    Double,
    String,
    LeftParen,
    RightParen,
    Dot,
    Comma,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
    Not,
    Minus,
    End,
}
