FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1
RUN apt-get update
USER root
RUN mkdir -p $HOME/.cache
WORKDIR /
COPY azureml-environment-setup/mutated_conda_dependencies.yml azureml-environment-setup/mutated_conda_dependencies.yml
RUN ldconfig /usr/local/cuda/lib64/stubs 2>/dev/null; conda env create -p /azureml-envs/azureml_c7a5598348b4616d0fa040cfe11fe9cc -f azureml-environment-setup/mutated_conda_dependencies.yml && rm -rf "$HOME/.cache/pip" && conda clean -aqy && CONDA_ROOT_DIR=$(conda info --root) && rm -rf "$CONDA_ROOT_DIR/pkgs" && find "$CONDA_ROOT_DIR" -type d -name __pycache__ -exec rm -rf {} + && ldconfig
# AzureML Conda environment name: azureml_c7a5598348b4616d0fa040cfe11fe9cc
ENV PATH=/azureml-envs/azureml_c7a5598348b4616d0fa040cfe11fe9cc/bin:$PATH
ENV AZUREML_CONDA_ENVIRONMENT_PATH=/azureml-envs/azureml_c7a5598348b4616d0fa040cfe11fe9cc
ENV LD_LIBRARY_PATH=/azureml-envs/azureml_c7a5598348b4616d0fa040cfe11fe9cc/lib:$LD_LIBRARY_PATH
ENV AZUREML_ENVIRONMENT_IMAGE=True
CMD ["bash"]
