Console.WriteLine("atlas-restore-operator");
