FROM python:3.11.9-slim
RUN pip install numpy==1.26.4
