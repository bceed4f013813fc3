// The formats of the Arm SMMUv3 and Intel VT-d architectures as IommuLayouts types.
[assembly: System.CLSCompliant(false)]
