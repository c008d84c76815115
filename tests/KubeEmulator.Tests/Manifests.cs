namespace AtlasRestoreOperator.Sandbox.KubeEmulator.Tests;

/// <summary>A small Widget CRD (printer columns, status subresource, pattern, minimum, an immutable field) and objects of it.</summary>
public static class Manifests
{
    public const string WidgetCrd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.com
        spec:
          group: example.com
          names:
            kind: Widget
            plural: widgets
            singular: widget
            shortNames: [wd]
            categories: [all-widgets]
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Phase
              type: string
              jsonPath: .status.phase
            - name: Ready
              type: string
              jsonPath: .status.conditions[?(@.type=="Ready")].status
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
                    type: object
                    properties:
                      size:
                        type: integer
                        minimum: 1
                      color:
                        type: string
                        pattern: '^[a-z]+$'
                        x-kubernetes-validations:
                        - rule: self == oldSelf
                          message: color is immutable
                  status:
                    type: object
                    properties:
                      phase:
                        type: string
                      observedGeneration:
                        type: integer
                      conditions:
                        type: array
                        items:
                          type: object
                          properties:
                            type: {type: string}
                            status: {type: string}
                            reason: {type: string}
                            message: {type: string}
                            observedGeneration: {type: integer}
                            lastTransitionTime: {type: string}
        """;

    /// <summary>A CRD whose rule (a regex match) is outside the CEL subset the emulator evaluates, as JSON (kubectl reads JSON as YAML).</summary>
    public const string CrdWithUnsupportedRuleJson = """
        {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"doodads.example.net"},
         "spec":{"group":"example.net","scope":"Namespaced","names":{"kind":"Doodad","plural":"doodads"},
          "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object","properties":{
           "spec":{"type":"object","properties":{"x":{"type":"string"}},"x-kubernetes-validations":[{"rule":"self.x.matches('^a')"}]}}}}}]}}
        """;

    public static string Widget(string name, int size, string color = "red") => $"""
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: {name}
          namespace: default
        spec:
          size: {size}
          color: {color}
        """;
}
