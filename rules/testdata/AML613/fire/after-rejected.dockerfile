FROM python:3.12-slim
# BuildKit rejects the next line; its checks still run over the rest of the file.
RUNN echo hi
# want AML613
ENV CONDA_DIR /opt/conda
