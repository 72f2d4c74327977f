FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20240304.v1
RUN apt-get update
COPY conda_dependencies.yml /azureml-environment-setup/conda_dependencies.yml
RUN conda env create -p /azureml-envs/azureml_08ccc3ac1ff4567c06c9f9fd1f603291 -f /azureml-environment-setup/conda_dependencies.yml && \
    conda clean -aqy && \
    rm -rf /root/.cache/pip
ENV PATH=/azureml-envs/azureml_08ccc3ac1ff4567c06c9f9fd1f603291/bin:$PATH \
    AZUREML_CONDA_ENVIRONMENT_PATH=/azureml-envs/azureml_08ccc3ac1ff4567c06c9f9fd1f603291
