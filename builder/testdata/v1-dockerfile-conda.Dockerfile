FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1
RUN apt-get update
COPY conda_dependencies.yml /azureml-environment-setup/conda_dependencies.yml
RUN conda env create -p /azureml-envs/azureml_c7a5598348b4616d0fa040cfe11fe9cc -f /azureml-environment-setup/conda_dependencies.yml && \
    conda clean -aqy && \
    rm -rf /root/.cache/pip
ENV PATH=/azureml-envs/azureml_c7a5598348b4616d0fa040cfe11fe9cc/bin:$PATH \
    AZUREML_CONDA_ENVIRONMENT_PATH=/azureml-envs/azureml_c7a5598348b4616d0fa040cfe11fe9cc
