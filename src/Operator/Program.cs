using AtlasRestoreOperator.Operator.Crd;

if (args.Length > 0 && args[0] == GenerateCrdCommand.Name)
{
    return GenerateCrdCommand.Run(args[1..], Console.Out, Console.Error);
}

Console.Error.WriteLine("atlas-restore-operator: the operator host is not wired yet");
return 1;
