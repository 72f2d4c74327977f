FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1
